-- Up Migration
CREATE TABLE communication_profiles (
  user_id               integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  tone_tendencies       text[] NOT NULL DEFAULT '{}',
  avg_message_length    integer NOT NULL DEFAULT 0 CHECK (avg_message_length >= 0),
  message_count         integer NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  vocabulary_complexity text NOT NULL DEFAULT 'moderate' CHECK (vocabulary_complexity IN ('simple', 'moderate', 'complex')),
  emoji_usage           text NOT NULL DEFAULT 'none' CHECK (emoji_usage IN ('none', 'minimal', 'moderate', 'frequent')),
  profile_version       integer NOT NULL DEFAULT 1,
  last_updated          timestamptz NOT NULL DEFAULT now(),
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX communication_profiles_updated_idx ON communication_profiles (last_updated);

CREATE TABLE communication_triggers (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  trigger_type    text NOT NULL CHECK (trigger_type IN ('topic', 'phrase', 'pattern')),
  trigger_value   text NOT NULL CHECK (length(trigger_value) BETWEEN 1 AND 200),
  intensity       numeric(3, 2) NOT NULL DEFAULT 0.10 CHECK (intensity BETWEEN 0 AND 1),
  detection_count integer NOT NULL DEFAULT 1 CHECK (detection_count >= 1),
  last_detected   timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, trigger_type, trigger_value)
);

-- A held message: the original, the mediator's suggestions and analysis, and
-- how it ended. Kept so "send original anyway" always finds it.
CREATE TABLE intervention_rewrites (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  room_id          uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  client_id        text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 100),
  thread_id        uuid REFERENCES threads (id) ON DELETE SET NULL,
  corrects_id      bigint REFERENCES messages (id) ON DELETE SET NULL,
  original_text    text NOT NULL,
  suggestions      jsonb NOT NULL DEFAULT '[]',
  analysis         jsonb NOT NULL DEFAULT '{}',
  pattern_detected text,
  outcome          text NOT NULL DEFAULT 'pending'
                   CHECK (outcome IN ('pending', 'accepted', 'rejected', 'modified', 'ignored')),
  rewrite_text     text,
  message_id       bigint REFERENCES messages (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  CHECK ((outcome = 'pending') = (resolved_at IS NULL))
);
CREATE UNIQUE INDEX intervention_rewrites_client_key ON intervention_rewrites (user_id, client_id);
CREATE INDEX intervention_rewrites_outcome_idx ON intervention_rewrites (outcome, created_at);
CREATE INDEX intervention_rewrites_room_idx ON intervention_rewrites (room_id);

CREATE TABLE intervention_statistics (
  user_id              integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  total_interventions  integer NOT NULL DEFAULT 0 CHECK (total_interventions >= 0),
  accepted_count       integer NOT NULL DEFAULT 0 CHECK (accepted_count >= 0),
  rejected_count       integer NOT NULL DEFAULT 0 CHECK (rejected_count >= 0),
  modified_count       integer NOT NULL DEFAULT 0 CHECK (modified_count >= 0),
  ignored_count        integer NOT NULL DEFAULT 0 CHECK (ignored_count >= 0),
  last_intervention_at timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW intervention_stats_with_rate AS
SELECT s.*,
       CASE WHEN s.accepted_count + s.rejected_count + s.modified_count + s.ignored_count = 0 THEN NULL
            ELSE round((s.accepted_count + s.modified_count)::numeric
                       / (s.accepted_count + s.rejected_count + s.modified_count + s.ignored_count), 4)
       END AS acceptance_rate
FROM intervention_statistics s;

-- Down Migration
DROP VIEW intervention_stats_with_rate;
DROP TABLE intervention_statistics;
DROP TABLE intervention_rewrites;
DROP TABLE communication_triggers;
DROP TABLE communication_profiles;
