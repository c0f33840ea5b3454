-- sarcnav store, schema 1. Portable SQL: the same text runs on SQLite and PostgreSQL.
-- Ids are BIGINT assigned by the store inside the write transaction (no SERIAL/AUTOINCREMENT,
-- which differ between the two); times are RFC 3339 UTC text; JSON is stored as TEXT exactly
-- as it was hashed.

CREATE TABLE patients (
    id BIGINT NOT NULL PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE assessments (
    id BIGINT NOT NULL PRIMARY KEY,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    case_id TEXT,
    assessed_on TEXT NOT NULL,
    input TEXT NOT NULL,
    output TEXT NOT NULL,
    knowledge_version TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE INDEX assessments_patient ON assessments (patient_id, assessed_on);

CREATE TABLE response_evaluations (
    id BIGINT NOT NULL PRIMARY KEY,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    request_id TEXT,
    criteria TEXT NOT NULL,
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    input TEXT NOT NULL,
    output TEXT NOT NULL,
    knowledge_version TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE INDEX response_evaluations_patient ON response_evaluations (patient_id, first_date);

CREATE TABLE audit_log (
    seq BIGINT NOT NULL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    payload_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

-- One row: the last link of the chain. Every write transaction updates it first, which takes the
-- write lock on both backends (so appends are serialized), and it lets `audit verify` notice rows
-- deleted from the end of the log.
CREATE TABLE audit_head (
    id BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    locked_at TEXT
);

INSERT INTO audit_head (id, seq, hash, locked_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);
