-- Checkout (issue 13): who an order is for, where it goes, how it ships, and how it is paid.
-- Money is stored in the card currency's minor units (integers, as Telegram Payments counts it).
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- Asked once in chat, reused for every order; staff see it and set the account terms.
CREATE TABLE customer_profiles (
    customer TEXT PRIMARY KEY,           -- the Telegram user id, as everywhere
    name TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',      -- E.164, e.g. +4930123456
    vat_id TEXT NOT NULL DEFAULT '',     -- normalised, with its country prefix (DE123456789)
    on_account INTEGER NOT NULL DEFAULT 0,  -- 1: NET terms, invoiced at shipping, no chat payment
    net_days INTEGER NOT NULL DEFAULT 30,
    account_by TEXT,                     -- the staff member who last set the terms, and when
    account_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    customer TEXT NOT NULL,
    recipient TEXT NOT NULL,
    company TEXT NOT NULL DEFAULT '',
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL,
    postcode TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,               -- ISO 3166-1 alpha-2, upper case
    phone TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    removed_at TEXT                      -- removed from the profile; orders keep their own copy
);

CREATE INDEX addresses_by_customer ON addresses (customer, created_at);

-- How the order is paid: none (payment off, as before), telegram (invoices in chat),
-- account (NET terms: invoiced when shipped).
ALTER TABLE orders ADD COLUMN payment_mode TEXT NOT NULL DEFAULT 'none';

-- none | unpaid | deposit_paid | paid | partially_refunded | refunded | on_account
ALTER TABLE orders ADD COLUMN payment_state TEXT NOT NULL DEFAULT 'none';

-- The order's checkout as accepted (JSON, backend.payments.schemas.Checkout): buyer, address,
-- shipping method with its price and days, tax (or reverse charge), totals, deposit share.
ALTER TABLE orders ADD COLUMN checkout TEXT;

-- Money received: one row per provider charge, recorded once however often it is reported.
CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    kind TEXT NOT NULL,                  -- full | deposit | balance | transfer (bank, by staff)
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    provider_charge_id TEXT NOT NULL UNIQUE,
    telegram_charge_id TEXT,
    invoice_number INTEGER,
    at TEXT NOT NULL
);

CREATE INDEX payments_by_order ON payments (order_id, at);

CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX refunds_by_order ON refunds (order_id, at);

-- Numbered invoices (one number sequence for the shop, given under the write lock).
CREATE TABLE invoices (
    number INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    kind TEXT NOT NULL,                  -- full | deposit | balance | account
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    due_at TEXT,                         -- NET N days after issue (accounts); NULL: due now
    paid_at TEXT,
    UNIQUE (order_id, kind)
);

CREATE INDEX invoices_unpaid ON invoices (paid_at, due_at);
