-- Workspaces, members, devices and invites; the change log and each record's current state.
-- Written once for both SQLite and PostgreSQL: only types and syntax both accept.
-- Never edit a migration that has shipped: add the next number instead.

CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- The last sequence number given to a change of this workspace. Pushes lock this row, so
    -- numbers are committed in order and a pull never skips a change still being written.
    last_seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE members (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    name TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX members_by_workspace ON members (workspace_id);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    member_id TEXT NOT NULL REFERENCES members (id),
    name TEXT NOT NULL,
    -- SHA-256 of the token, hex: the token itself is never stored.
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX devices_by_member ON devices (member_id);

CREATE TABLE invites (
    -- SHA-256 of the code, hex.
    code_hash TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    role TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES members (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    used_by TEXT
);

-- The two tables a push writes row by row name their workspace without a foreign key: the
-- workspace row is locked by every push that writes them, and a key check per row would cost
-- PostgreSQL a third of a push's time.
CREATE TABLE changes (
    workspace_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    change_id TEXT NOT NULL,
    record_key TEXT NOT NULL,
    -- The change as JSON, exactly as the device made it.
    change TEXT NOT NULL,
    device_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, seq),
    UNIQUE (workspace_id, change_id)
);

CREATE TABLE records (
    workspace_id TEXT NOT NULL,
    -- kind/id
    record_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- The record with its field clocks, as JSON.
    record TEXT NOT NULL,
    PRIMARY KEY (workspace_id, record_key)
);
CREATE INDEX records_by_kind ON records (workspace_id, kind);
