-- Claims after delivery (issue 16): a customer who finds a fault in a delivered order opens a
-- claim within the card's window (`[claims] window_days`); staff decide it.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- Times are UTC ISO 8601 text with microseconds (`backend.db.now_iso`). `process` and
-- `material` are the order's, copied at opening so the claim rate per process and material
-- is a count. `status`: open, remade, refunded, rejected. A remake is a linked order at no
-- charge (`remake_order_id`), scheduled like any other; a partial refund is recorded in the
-- card currency's minor units (`refund_minor`); a rejection keeps its reason (`decision_note`).
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    customer TEXT NOT NULL,
    process TEXT NOT NULL,
    material TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    decision_note TEXT,
    refund_minor INTEGER,
    remake_order_id TEXT REFERENCES orders (id)
);

CREATE INDEX claims_by_order ON claims (order_id, opened_at);
CREATE INDEX claims_by_status ON claims (status, opened_at);
