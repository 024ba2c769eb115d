-- Drawings: PDFs a customer attaches to a part (issue 12). The bytes are stored once by their
-- SHA-256 like every file (`files`); the first page's preview beside them, when it could be drawn.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

CREATE TABLE drawings (
    id TEXT PRIMARY KEY,
    part_id TEXT NOT NULL REFERENCES parts (id),
    customer TEXT NOT NULL,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files (sha256),
    size_bytes INTEGER NOT NULL,
    pages INTEGER,              -- NULL when the worker gave up before counting them
    has_preview INTEGER NOT NULL,  -- 1 when the first page was drawn and stored
    created_at TEXT NOT NULL
);

CREATE INDEX drawings_by_part ON drawings (part_id, created_at);

-- A one-time upload link issued for a part's drawing takes a PDF for that part.
ALTER TABLE upload_links ADD COLUMN drawing_for TEXT;
