-- Manual review (issue 12, items 3 and 4): quotes that wait for a person by the rate card's
-- rules, the reviews staff decide, and the risks a customer confirmed when accepting.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- Why a person must check a quote before it can be accepted (JSON list of {code, detail});
-- the part's DFM warnings the customer confirms on accepting (JSON list of {code, message});
-- on a quote a person priced: what the review changed (JSON, NULL on instant quotes).
ALTER TABLE quotes ADD COLUMN review_reasons TEXT NOT NULL DEFAULT '[]';

ALTER TABLE quotes ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';

ALTER TABLE quotes ADD COLUMN reviewed TEXT;

-- A customer's request for a person: for a quote in review, or for a part every process
-- refused (quote_id NULL). due_at is the promised answer in working hours; reminded_at is
-- set once, when the staff group was reminded of an overdue review (so a restart does not
-- remind again).
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    part_id TEXT NOT NULL REFERENCES parts (id),
    quote_id TEXT REFERENCES quotes (id),
    quantity INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    note TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    decision_note TEXT,
    reviewed_quote_id TEXT REFERENCES quotes (id),
    reminded_at TEXT
);

CREATE INDEX reviews_status ON reviews (status, due_at);

CREATE INDEX reviews_customer ON reviews (customer, created_at);

-- The feed tells of reviews too: requested and overdue (to the staff group), decided (to the
-- customer).
ALTER TABLE events ADD COLUMN review_id TEXT REFERENCES reviews (id);

-- The DFM warnings a customer confirmed when accepting a quote: who, when, which.
CREATE TABLE order_acknowledgements (
    order_id TEXT PRIMARY KEY REFERENCES orders (id),
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    warnings TEXT NOT NULL
);
