-- Payment events (issue 13): the feed tells the customer of an amount and an invoice number
-- (a payment received, a balance due, an invoice issued on terms, a refund).
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

ALTER TABLE events ADD COLUMN amount TEXT;

ALTER TABLE events ADD COLUMN invoice_number INTEGER;
