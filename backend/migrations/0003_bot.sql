-- What the chat bot needs: order numbers people can type, ratings, one-time upload links,
-- part events in the feed, and the bot's durable feed cursor.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- A short number per order (`/track 12`), dense, in order of creation; existing orders get theirs.
ALTER TABLE orders ADD COLUMN number INTEGER;

UPDATE orders SET number = (
    SELECT COUNT(*) FROM orders AS earlier
    WHERE earlier.created_at < orders.created_at
       OR (earlier.created_at = orders.created_at AND earlier.id <= orders.id)
);

CREATE UNIQUE INDEX orders_number ON orders (number);

-- One rating per delivered order, by its customer.
CREATE TABLE order_ratings (
    order_id TEXT PRIMARY KEY REFERENCES orders (id),
    stars INTEGER NOT NULL,
    comment TEXT,
    at TEXT NOT NULL
);

-- One-time upload pages for files over the Bot API's 20 MB download limit.
CREATE TABLE upload_links (
    token_hash TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    part_id TEXT REFERENCES parts (id)
);

-- The feed now also tells of parts (a file uploaded through a link): order_id becomes
-- optional and part_id appears. Rebuilt, as SQLite cannot drop a NOT NULL in place.
CREATE TABLE events_v3 (
    cursor INTEGER PRIMARY KEY,
    order_id TEXT REFERENCES orders (id),
    customer TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    note TEXT,
    carrier TEXT,
    tracking_number TEXT,
    at TEXT NOT NULL,
    part_id TEXT REFERENCES parts (id)
);

INSERT INTO events_v3 (cursor, order_id, customer, kind, status, version, note, carrier,
    tracking_number, at)
SELECT cursor, order_id, customer, kind, status, version, note, carrier, tracking_number, at
FROM events;

DROP TABLE events;

ALTER TABLE events_v3 RENAME TO events;

CREATE INDEX events_customer ON events (customer, cursor);

-- How far a reader of the feed (the bot) has delivered, so a restart resumes there.
CREATE TABLE feed_cursors (
    reader TEXT PRIMARY KEY,
    cursor INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
