-- First-article build-and-hold (issue 16): an order whose quote asked for it makes one part,
-- which staff inspect, photograph and send to the customer; the batch is made only once the
-- customer approves it. Each first article sent is a round; a request for changes ends a
-- round and the next first article opens another.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- `photos`: the ids (JSON list) of the first-article photos sent with it, the ones taken
-- since the last send. `decision`: NULL while the customer decides, then `approved` or
-- `changes` (with the customer's words in `decision_note`). Actors as elsewhere (`staff:alice`, `customer:42`); times
-- UTC ISO 8601 text.
CREATE TABLE first_articles (
    order_id TEXT NOT NULL REFERENCES orders (id),
    round INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    sent_by TEXT NOT NULL,
    note TEXT,
    photos TEXT NOT NULL DEFAULT '[]',
    decision TEXT CHECK (decision IN ('approved', 'changes')),
    decided_at TEXT,
    decided_by TEXT,
    decision_note TEXT,
    PRIMARY KEY (order_id, round)
);

-- The first article's photos are evidence like QC's and packing's: the stage joins the
-- CHECK, which both databases change only by copying the table.
CREATE TABLE order_photos_next (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    stage TEXT NOT NULL CHECK (stage IN ('qc', 'packing', 'claim', 'first_article')),
    taken_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    file_key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    caption TEXT
);

INSERT INTO order_photos_next (id, order_id, stage, taken_by, created_at, file_key, sha256,
    size_bytes, content_type, caption)
SELECT id, order_id, stage, taken_by, created_at, file_key, sha256, size_bytes, content_type,
    caption
FROM order_photos;

DROP TABLE order_photos;

ALTER TABLE order_photos_next RENAME TO order_photos;

CREATE INDEX order_photos_by_order ON order_photos (order_id, stage, created_at);
