-- Up Migration
-- An email is proven when its owner follows a link mailed to it (password
-- accounts) or Google says it verified it (Google accounts). Until then the
-- account may sign in, but no Google identity is linked into it and no
-- invitation bound to that address can be accepted with it.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
-- Accounts created by Google sign-in before this column: Google had verified them.
UPDATE users SET email_verified_at = created_at WHERE google_id IS NOT NULL;

-- Single-use, expiring links mailed to a user: email verification and
-- password reset. Only a keyed hash (HMAC-SHA256) of the token is stored;
-- the link itself exists only in the mail.
CREATE TABLE auth_tokens (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  token_hash char(64) NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- The address the link went to: a verification proves this address only.
  email      text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_at > created_at)
);
CREATE INDEX auth_tokens_user_purpose_idx ON auth_tokens (user_id, purpose);
CREATE INDEX auth_tokens_expires_idx ON auth_tokens (expires_at);

-- Down Migration
DROP TABLE auth_tokens;
ALTER TABLE users DROP COLUMN email_verified_at;
