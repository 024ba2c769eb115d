-- The staff side (issue 16).

-- Staff group cards: where the bot posted each order's card in the staff group
-- and the order version the card shows now, so that the card follows every change of the
-- order (made from the console, the API, a periodic job, a payment, QC or a button), once
-- per change and across bot restarts.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- `chat_id` and `message_id` are Telegram's (a group's id is a negative 64-bit integer);
-- `shown_version` the order version last drawn on the card; `updated_at` UTC ISO 8601.
CREATE TABLE staff_cards (
    order_id TEXT PRIMARY KEY REFERENCES orders (id),
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    shown_version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- Each customer's name as Telegram showed it when the bot first saw them, so the console
-- names a customer who never gave a profile ("Alice Smith (@alice)", not "customer 10001").
-- Kept once: the first sight, not overwritten later.
CREATE TABLE telegram_names (
    customer TEXT PRIMARY KEY,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    seen_at TEXT NOT NULL
);
