-- Queued analyses that never stay pending (issue 14): how many times a worker started
-- measuring the row (a file that kills its worker every time ends failed after a few),
-- when the backend last sent its job again and how many times it did (the sweep sends a
-- lost job again, waiting twice as long after each time while no worker takes it).
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

ALTER TABLE analyses ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

ALTER TABLE analyses ADD COLUMN sent_at TEXT;

ALTER TABLE analyses ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;
