-- Leases (issue 14): one holder at a time for work that must run in one replica only
-- (the bot's Telegram poller, its notifier, the backend's periodic jobs).
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- A lease is free when its row is missing or `expires_at` (Unix milliseconds, the
-- backend's clock) has passed; its holder renews it before then to keep it.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
