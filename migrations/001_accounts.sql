-- Up Migration
-- Accounts: email is the identity, stored trimmed and lower-cased (the schema
-- review's "email mismatches" lesson is enforced by a CHECK, not by hope).
CREATE TABLE users (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
  password_hash text,
  google_id     text UNIQUE,
  first_name    text,
  last_name     text,
  display_name  text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

-- express-session store (connect-pg-simple's table, created here so the app
-- never needs DDL rights at run time).
CREATE TABLE session (
  sid    varchar PRIMARY KEY,
  sess   json NOT NULL,
  expire timestamp(6) NOT NULL
);
CREATE INDEX session_expire_idx ON session (expire);

-- rate-limiter-flexible's Postgres store: counters shared by every node.
CREATE TABLE rate_limits (
  key    varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

-- Keys the server generates once and keeps (VAPID pair, ...): never in code.
CREATE TABLE server_keys (
  name       text PRIMARY KEY,
  value      jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE server_keys;
DROP TABLE rate_limits;
DROP TABLE session;
DROP TABLE users;
