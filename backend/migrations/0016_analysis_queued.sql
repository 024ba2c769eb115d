-- When the broker took an analysis's job (issue 14). A replica killed between committing an
-- upload and publishing its job leaves a pending row no worker will ever see: the sweep
-- sends the job of a row still unqueued a few seconds after its claim, without waiting out
-- the time limit that a row whose job is running needs.
-- Portable SQL: SQLite and PostgreSQL both accept it.

ALTER TABLE analyses ADD COLUMN queued_at TEXT;
