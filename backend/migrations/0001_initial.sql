-- Parts, analyses, quotes, orders with their history, the event outbox and staff.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE analyses (
    sha256 TEXT NOT NULL REFERENCES files (sha256),
    units TEXT NOT NULL,
    filename TEXT NOT NULL,
    status TEXT NOT NULL,
    report TEXT,
    error_code TEXT,
    error_message TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (sha256, units)
);

CREATE INDEX analyses_status ON analyses (status);

CREATE TABLE parts (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files (sha256),
    units TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX parts_customer ON parts (customer, created_at);

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    part_id TEXT NOT NULL REFERENCES parts (id),
    card_version TEXT NOT NULL,
    priced TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX quotes_part ON quotes (part_id);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    quote_id TEXT NOT NULL UNIQUE REFERENCES quotes (id),
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    carrier TEXT,
    tracking_number TEXT,
    idempotency_key TEXT,
    request_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX orders_idempotency ON orders (customer, idempotency_key);
CREATE INDEX orders_customer ON orders (customer, created_at);
CREATE INDEX orders_status ON orders (status, created_at);

-- Append-only: the repository only ever inserts here.
CREATE TABLE order_history (
    order_id TEXT NOT NULL REFERENCES orders (id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT,
    carrier TEXT,
    tracking_number TEXT,
    PRIMARY KEY (order_id, version)
);

-- The outbox of customer-visible events, written in the same transaction as the change.
CREATE TABLE events (
    cursor INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    customer TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    note TEXT,
    carrier TEXT,
    tracking_number TEXT,
    at TEXT NOT NULL
);

CREATE INDEX events_customer ON events (customer, cursor);

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
