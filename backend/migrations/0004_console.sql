-- The staff console: sign-in passwords and sessions, rate-card versions, QC checks.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- Set by `smallbatch staff passwd NAME`; an argon2 hash, NULL until a password is set.
ALTER TABLE staff ADD COLUMN password_hash TEXT;

-- A browser session: the cookie holds a random token, only its SHA-256 is stored.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX console_sessions_staff ON console_sessions (staff_id);

-- Every rate card saved from the console; the newest prices new quotes. Quotes keep
-- the version they were priced with in quotes.card_version.
CREATE TABLE rate_cards (
    version TEXT NOT NULL,
    toml TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (version, saved_at)
);

CREATE INDEX rate_cards_saved ON rate_cards (saved_at);

-- One row per QC attempt: what was measured and decided. Photos are stored by SHA-256
-- in the data directory, listed here as a JSON array of hashes.
CREATE TABLE qc_checks (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    passed INTEGER NOT NULL,
    measured_mm TEXT NOT NULL,
    nominal_mm TEXT NOT NULL,
    tolerance_mm REAL NOT NULL,
    visual_ok INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    expected INTEGER NOT NULL,
    notes TEXT,
    photos TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX qc_checks_order ON qc_checks (order_id, at);
