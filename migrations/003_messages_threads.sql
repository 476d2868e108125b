-- Up Migration
CREATE TABLE threads (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  room_id          uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  category         text NOT NULL DEFAULT 'general'
                   CHECK (category IN ('schedule', 'school', 'medical', 'expenses', 'activities', 'travel', 'safety', 'general')),
  parent_thread_id uuid REFERENCES threads (id) ON DELETE SET NULL,
  created_by       integer REFERENCES users (id) ON DELETE SET NULL,
  message_count    integer NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  last_message_at  timestamptz,
  is_archived      boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_thread_id IS NULL OR parent_thread_id <> id)
);
CREATE INDEX threads_room_idx ON threads (room_id, is_archived, category);
CREATE INDEX threads_parent_idx ON threads (parent_thread_id);
CREATE INDEX threads_updated_idx ON threads (updated_at DESC);

-- The record. Append-only (trigger below); each row chains to the previous
-- one of its room: hash = sha256(prev_hash | seq | sender_id | text | created_at).
CREATE TABLE messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id     uuid NOT NULL REFERENCES rooms (id) ON DELETE RESTRICT,
  seq         bigint NOT NULL CHECK (seq >= 1),
  sender_id   integer NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  client_id   text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 100),
  type        text NOT NULL DEFAULT 'user' CHECK (type IN ('user', 'system', 'correction')),
  corrects_id bigint REFERENCES messages (id) ON DELETE RESTRICT,
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
  thread_id   uuid REFERENCES threads (id) ON DELETE RESTRICT,
  created_at  timestamptz NOT NULL,
  hash        char(64) NOT NULL,
  search      tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  CHECK ((type = 'correction') = (corrects_id IS NOT NULL))
);
CREATE UNIQUE INDEX messages_room_seq_desc_key ON messages (room_id, seq DESC);
CREATE UNIQUE INDEX messages_sender_client_key ON messages (sender_id, client_id);
CREATE INDEX messages_thread_idx ON messages (thread_id);
CREATE INDEX messages_corrects_idx ON messages (corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX messages_search_idx ON messages USING gin (search);

CREATE FUNCTION messages_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'messages are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER messages_append_only
  BEFORE UPDATE OR DELETE ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_append_only();

-- Who first viewed which message, and when: kept once, never overwritten.
CREATE TABLE message_receipts (
  message_id     bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id        integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  first_viewed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_receipts_user_idx ON message_receipts (user_id);

-- Down Migration
DROP TABLE message_receipts;
DROP TABLE messages;
DROP FUNCTION messages_append_only();
DROP TABLE threads;
