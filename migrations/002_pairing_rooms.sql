-- Up Migration
CREATE TABLE rooms (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_by integer REFERENCES users (id) ON DELETE SET NULL,
  is_private boolean NOT NULL DEFAULT true,
  -- The head of the room's message chain: the send path locks this row, so
  -- seq allocation and hash chaining are serialised per room only.
  last_seq   bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_hash  char(64),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rooms_created_by_idx ON rooms (created_by);

CREATE TABLE room_members (
  room_id       uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id       integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role          text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member', 'readonly')),
  last_read_seq bigint NOT NULL DEFAULT 0 CHECK (last_read_seq >= 0),
  joined_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user_idx ON room_members (user_id);

CREATE TABLE pairing_sessions (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pairing_code      text NOT NULL CHECK (pairing_code ~ '^LZ-[0-9]{6}$'),
  parent_a_id       integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  parent_b_id       integer REFERENCES users (id) ON DELETE SET NULL,
  parent_b_email    text CHECK (parent_b_email = lower(btrim(parent_b_email))),
  status            text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'active', 'canceled', 'expired')),
  invite_type       text NOT NULL CHECK (invite_type IN ('email', 'link', 'code')),
  -- Only the SHA-256 of the invite token is kept; the token itself leaves once, in the link.
  invite_token_hash char(64) NOT NULL UNIQUE,
  shared_room_id    uuid REFERENCES rooms (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  accepted_at       timestamptz,
  canceled_at       timestamptz,
  CHECK (parent_b_id IS NULL OR parent_b_id <> parent_a_id),
  CHECK (status <> 'active' OR (parent_b_id IS NOT NULL AND shared_room_id IS NOT NULL AND accepted_at IS NOT NULL)),
  CHECK (expires_at > created_at)
);
-- A code is unique among live pairings; old codes may come round again.
CREATE UNIQUE INDEX pairing_sessions_live_code_key ON pairing_sessions (pairing_code) WHERE status = 'pending';
CREATE INDEX pairing_sessions_parent_a_idx ON pairing_sessions (parent_a_id, status);
CREATE INDEX pairing_sessions_parent_b_idx ON pairing_sessions (parent_b_id, status);
CREATE INDEX pairing_sessions_email_idx ON pairing_sessions (parent_b_email) WHERE parent_b_email IS NOT NULL;
CREATE INDEX pairing_sessions_room_idx ON pairing_sessions (shared_room_id);

-- Each user's live pairings (pending or active). A pending pairing past its
-- expiry reads as 'expired' here, whether or not a job has rewritten it.
CREATE VIEW user_pairing_status AS
SELECT u.id AS user_id,
       p.id AS pairing_id,
       p.pairing_code,
       CASE WHEN p.status = 'pending' AND p.expires_at <= now() THEN 'expired' ELSE p.status END AS status,
       p.invite_type,
       CASE WHEN p.parent_a_id = u.id THEN 'initiator' ELSE 'acceptor' END AS user_role,
       CASE WHEN p.parent_a_id = u.id THEN p.parent_b_id ELSE p.parent_a_id END AS partner_id,
       p.parent_b_email,
       p.shared_room_id,
       p.created_at,
       p.expires_at,
       p.accepted_at,
       (p.status = 'pending' AND p.expires_at <= now()) AS is_expired
FROM users u
JOIN pairing_sessions p ON p.parent_a_id = u.id OR p.parent_b_id = u.id
WHERE p.status IN ('pending', 'active');

-- Down Migration
DROP VIEW user_pairing_status;
DROP TABLE pairing_sessions;
DROP TABLE room_members;
DROP TABLE rooms;
