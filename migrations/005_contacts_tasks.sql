-- Up Migration
CREATE TABLE contacts (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id            integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  first_name         text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name          text,
  email              text CHECK (email = lower(btrim(email))),
  relationship       text NOT NULL DEFAULT 'other' CHECK (relationship IN (
                       'child', 'co-parent', 'step-parent', 'partner', 'grandparent', 'family',
                       'caregiver', 'teacher', 'doctor', 'lawyer', 'mediator', 'friend', 'other')),
  phone              text,
  address            text,
  notes              text,
  linked_user_id     integer REFERENCES users (id) ON DELETE SET NULL,
  child_birthdate    date,
  child_school       text,
  child_health_notes text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (linked_user_id IS NULL OR linked_user_id <> user_id)
);
CREATE INDEX contacts_user_idx ON contacts (user_id);
CREATE INDEX contacts_linked_user_idx ON contacts (linked_user_id);
CREATE UNIQUE INDEX contacts_user_email_key ON contacts (user_id, email) WHERE email IS NOT NULL;

CREATE TABLE tasks (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  room_id          uuid REFERENCES rooms (id) ON DELETE CASCADE,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description      text,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'completed', 'canceled')),
  priority         text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  type             text NOT NULL DEFAULT 'general' CHECK (type IN ('general', 'schedule', 'school', 'medical', 'expenses', 'activities', 'travel')),
  due_date         timestamptz,
  assignee_user_id integer REFERENCES users (id) ON DELETE SET NULL,
  assigned_to      text,
  related_people   text,
  completed_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX tasks_user_status_idx ON tasks (user_id, status);
CREATE INDEX tasks_room_status_idx ON tasks (room_id, status) WHERE room_id IS NOT NULL;
CREATE INDEX tasks_assignee_idx ON tasks (assignee_user_id) WHERE assignee_user_id IS NOT NULL;

-- Down Migration
DROP TABLE tasks;
DROP TABLE contacts;
