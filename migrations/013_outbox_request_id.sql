-- Up Migration
-- The request id of the HTTP request or socket event whose transaction queued
-- the row: the worker logs it, so one id follows a message from the send to
-- its pushes and notifications. NULL for rows queued outside any request.
ALTER TABLE outbox ADD COLUMN request_id text CHECK (char_length(request_id) <= 64);

-- Down Migration
ALTER TABLE outbox DROP COLUMN request_id;
