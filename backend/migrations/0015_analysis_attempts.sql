-- Queued analyses that never stay pending (issue 14): how many times a worker started
-- measuring the row (a file that kills its worker every time ends failed after a few), and
-- when the backend last sent its job (the sweep sends a job it lost again, once per cut-off).
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

ALTER TABLE analyses ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

ALTER TABLE analyses ADD COLUMN sent_at TEXT;
