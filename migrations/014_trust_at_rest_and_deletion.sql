-- Up Migration
-- Issue 11. Child health notes are encrypted at rest like the profile fields
-- (AES-256-GCM under ENCRYPTION_KEY, server/shared/crypto.ts). SQL cannot
-- encrypt (the key never reaches the database), so the ciphertext gets its
-- own column and the application moves what is left in the plaintext column
-- at start (server/contacts/healthNotes.ts: encrypt, write _enc, set the
-- plaintext NULL, in one statement per row). A later migration drops the
-- plaintext column once every node has sealed.
ALTER TABLE contacts ADD COLUMN child_health_notes_enc text;
ALTER TABLE contacts ADD CONSTRAINT contacts_health_notes_one_form
  CHECK (child_health_notes IS NULL OR child_health_notes_enc IS NULL);
COMMENT ON COLUMN contacts.child_health_notes IS
  'legacy plaintext: sealed into child_health_notes_enc at start; always NULL afterwards';

-- Account deletion (docs/security.md "Retention"): the row stays as a
-- tombstone because messages (append-only, hash-chained, NOT NULL sender)
-- reference it; its personal fields are scrubbed and deleted_at set.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
ALTER TABLE users ADD CONSTRAINT users_deleted_scrubbed CHECK (
  deleted_at IS NULL
  OR (password_hash IS NULL AND google_id IS NULL AND first_name IS NULL AND last_name IS NULL)
);

-- Down Migration
ALTER TABLE users DROP CONSTRAINT users_deleted_scrubbed;
ALTER TABLE users DROP COLUMN deleted_at;
ALTER TABLE contacts DROP CONSTRAINT contacts_health_notes_one_form;
ALTER TABLE contacts DROP COLUMN child_health_notes_enc;
