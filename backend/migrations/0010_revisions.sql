-- Revisions and re-orders (issue 12, item 5).
-- Every part belongs to a family (the id of its first revision) and has a number in it: a file
-- sent as a reply to a part's card, or under the same name as one of the customer's parts, is
-- the family's next revision. A quote keeps the request it priced (JSON), so a re-order copies
-- the whole request and fields added to it later come along.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

ALTER TABLE parts ADD COLUMN family TEXT NOT NULL DEFAULT '';

ALTER TABLE parts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

UPDATE parts SET family = id;

CREATE UNIQUE INDEX parts_family_revision ON parts (family, revision);

CREATE INDEX parts_customer_filename ON parts (customer, filename, created_at);

ALTER TABLE quotes ADD COLUMN request TEXT;
