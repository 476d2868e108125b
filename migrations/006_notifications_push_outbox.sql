-- Up Migration
CREATE TABLE notifications (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type         text NOT NULL CHECK (type IN (
                 'message', 'pairing_accepted', 'task_assigned', 'task_completed',
                 'intervention_unresolved', 'system')),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body         text,
  related_id   text,
  related_type text CHECK (related_type IN ('room', 'message', 'pairing', 'task', 'intervention')),
  is_read      boolean NOT NULL DEFAULT false,
  read_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (is_read = (read_at IS NOT NULL))
);
CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE NOT is_read;

CREATE TABLE push_subscriptions (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  endpoint      text NOT NULL UNIQUE CHECK (endpoint ~ '^https?://'),
  p256dh        text NOT NULL,
  auth          text NOT NULL,
  user_agent    text,
  include_text  boolean NOT NULL DEFAULT false,
  is_active     boolean NOT NULL DEFAULT true,
  failure_count integer NOT NULL DEFAULT 0 CHECK (failure_count >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz
);
CREATE INDEX push_subscriptions_user_active_idx ON push_subscriptions (user_id) WHERE is_active;

-- Side effects (push, notifications) written in the same transaction as the
-- change that causes them; a worker claims rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('message_delivered', 'notification', 'push')),
  payload      jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  available_at timestamptz NOT NULL DEFAULT now(),
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE status = 'pending';

-- Down Migration
DROP TABLE outbox;
DROP TABLE push_subscriptions;
DROP TABLE notifications;
