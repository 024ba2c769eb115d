-- Evidence photos (issue 16): pictures staff take of an order's parts at QC and at packing,
-- from the console or replying to the order's card in the staff group; `claim` is kept for
-- the customer's claim photos to come. The bytes are stored once by their SHA-256 under
-- `file_key` (`backend.parts.storage.photo_key`), like the QC check's photos.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- `taken_by` is the actor (`staff:alice`, `staff:telegram:42`); `created_at` UTC ISO 8601.
CREATE TABLE order_photos (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    stage TEXT NOT NULL CHECK (stage IN ('qc', 'packing', 'claim')),
    taken_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    file_key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    caption TEXT
);

CREATE INDEX order_photos_by_order ON order_photos (order_id, stage, created_at);
