-- Up Migration
-- The record-signing key (Ed25519): one active row. The private key is kept
-- only as field-cipher ciphertext (AES-256-GCM under ENCRYPTION_KEY); the
-- public key is what /.well-known/parley-record-key serves and every export prints.
CREATE TABLE record_signing_keys (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_key      text NOT NULL UNIQUE CHECK (public_key ~ '^[A-Za-z0-9+/]{43}=$'),
  fingerprint     char(64) NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  private_key_enc text NOT NULL,
  is_active       boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now()
);
-- "Generated once": two nodes starting together cannot both create one.
CREATE UNIQUE INDEX record_signing_keys_one_active ON record_signing_keys (is_active) WHERE is_active;

-- A professional's read-only access to one room's record, granted by one of
-- its parents. Invited by email (token stored as SHA-256 only), bound to an
-- account on acceptance, readable until expires_at unless revoked earlier.
CREATE TABLE professional_grants (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id            uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  invited_by         integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email              text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
  name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  role               text NOT NULL CHECK (role IN ('lawyer', 'mediator', 'guardian_ad_litem', 'other')),
  invite_token_hash  char(64) NOT NULL UNIQUE,
  professional_id    integer REFERENCES users (id) ON DELETE CASCADE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL,
  accepted_at        timestamptz,
  revoked_at         timestamptz,
  revoked_by         integer REFERENCES users (id) ON DELETE SET NULL,
  CHECK (expires_at > created_at),
  CHECK ((professional_id IS NULL) = (accepted_at IS NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX professional_grants_room_idx ON professional_grants (room_id, created_at);
-- The read check: is this user a live professional of this room?
CREATE INDEX professional_grants_reader_idx ON professional_grants (professional_id, room_id)
  WHERE professional_id IS NOT NULL AND revoked_at IS NULL;

-- Every read by a professional, and every grant event, as both parents see it.
CREATE TABLE professional_access_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grant_id   integer NOT NULL REFERENCES professional_grants (id) ON DELETE CASCADE,
  room_id    uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  actor_id   integer REFERENCES users (id) ON DELETE SET NULL,
  action     text NOT NULL CHECK (action IN (
               'invited', 'accepted', 'revoked',
               'history', 'search', 'threads', 'verify', 'export_json', 'export_pdf')),
  details    jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX professional_access_log_room_idx ON professional_access_log (room_id, id DESC);
CREATE INDEX professional_access_log_grant_idx ON professional_access_log (grant_id);

-- Down Migration
DROP TABLE professional_access_log;
DROP TABLE professional_grants;
DROP TABLE record_signing_keys;
