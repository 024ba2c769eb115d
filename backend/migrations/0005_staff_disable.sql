-- Staff accounts can be disabled (`smallbatch staff disable NAME`, the console's staff page):
-- a disabled account's API token, sessions and password are refused at once.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

ALTER TABLE staff ADD COLUMN disabled_at TEXT;
