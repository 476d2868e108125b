-- Up Migration
-- @socket.io/postgres-adapter: broadcasts between nodes travel by NOTIFY; a
-- payload over NOTIFY's 8000-byte limit is parked here and fetched by id.
CREATE TABLE socket_io_attachments (
  id         bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload    bytea
);

-- Down Migration
DROP TABLE socket_io_attachments;
