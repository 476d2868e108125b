-- Up Migration
-- The user profile, split by who cares about it (schema review, migration 023).
-- Columns ending in _enc hold AES-256-GCM ciphertext ("v1:<iv>:<tag>:<data>", base64),
-- never plaintext: health and financial context is the most sensitive data we keep.
CREATE TABLE user_demographics (
  user_id        integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  preferred_name text,
  pronouns       text,
  birthdate      date,
  city           text,
  region         text,
  country        text,
  timezone       text,
  languages      text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_employment (
  user_id              integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  employment_status    text CHECK (employment_status IN ('employed', 'self_employed', 'unemployed', 'student', 'retired', 'other')),
  occupation           text,
  work_schedule        text,
  schedule_flexibility text CHECK (schedule_flexibility IN ('none', 'low', 'medium', 'high')),
  commute_minutes      integer CHECK (commute_minutes BETWEEN 0 AND 1440),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_health_context (
  user_id                 integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  physical_conditions_enc text,
  mental_health_enc       text,
  treatment_enc           text,
  substance_recovery_enc  text,
  notes_enc               text,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_financials (
  user_id           integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  income_range_enc  text,
  housing_enc       text,
  debt_enc          text,
  child_support_enc text,
  notes_enc         text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_background (
  user_id             integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  education_level     text CHECK (education_level IN ('none', 'secondary', 'vocational', 'bachelor', 'master', 'doctorate', 'other')),
  cultural_background text,
  religion            text,
  parenting_values    text,
  hobbies             text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pairing_audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pairing_id    integer REFERENCES pairing_sessions (id) ON DELETE SET NULL,
  actor_user_id integer REFERENCES users (id) ON DELETE SET NULL,
  action        text NOT NULL CHECK (action IN ('created', 'accepted', 'cancelled', 'expired', 'failed_attempt')),
  ip            text,
  user_agent    text,
  details       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pairing_audit_log_pairing_idx ON pairing_audit_log (pairing_id, created_at);
CREATE INDEX pairing_audit_log_actor_idx ON pairing_audit_log (actor_user_id, created_at);

-- Down Migration
DROP TABLE pairing_audit_log;
DROP TABLE user_background;
DROP TABLE user_financials;
DROP TABLE user_health_context;
DROP TABLE user_employment;
DROP TABLE user_demographics;
