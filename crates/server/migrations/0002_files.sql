-- Evidence files' bytes, per workspace under their SHA-256: the same bytes attached twice are
-- one row. A device uploads a file only after pushing a record that names it.
-- BYTEA: PostgreSQL's byte string; SQLite keeps any value given as a blob as it is.

CREATE TABLE files (
    workspace_id TEXT NOT NULL,
    -- 64 lowercase hex digits, checked against the bytes on upload.
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    device_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, sha256)
);
