"""How the console names orders and customers, the way the chat does.

Orders by their number in the shop (`#3`, as the bot says it; the id stays in small print),
customers by the name and company of their profile, else "customer" and their Telegram id.
Statuses by their name, except where the bare word would mislead (`first_article` is the
customer's turn, not the shop's).
"""

from __future__ import annotations

import re

from backend.console import repository
from backend.db import Database

#: Statuses whose name alone does not say where the order is (the rest read as they are).
STATUS_LABELS = {"first_article": "First article (awaiting customer)"}
#: "#3", "№3", "3": an order number as staff type it into a search.
_NUMBER = re.compile(r"^\s*[#№]?\s*(\d{1,18})\s*$")


def customer_label(
    customer: str, name: str = "", company: str = "", telegram: tuple[str, str, str] = ("", "", "")
) -> str:
    """How the console names a customer.

    From their profile (`Alice Example · Example GmbH`), else their Telegram name as the bot
    first saw it (`telegram` is first name, last name, username: `Alice Smith (@alice)`),
    else `customer 10001`.
    """
    parts = [p.strip() for p in (name, company) if p.strip()]
    if parts:
        return " · ".join(parts)
    first, last, username = (t.strip() for t in telegram)
    full = " ".join(p for p in (first, last) if p)
    handle = f"@{username}" if username else ""
    if full and handle:
        return f"{full} ({handle})"
    return full or handle or f"customer {customer}"


def status_label(status: str) -> str:
    """How the console names a status: `in production`, `First article (awaiting customer)`."""
    return STATUS_LABELS.get(status, status.replace("_", " "))


def number_asked(query: str) -> int | None:
    """The order number a search asks for (`#3`, `№3`, `3`), or None."""
    match = _NUMBER.match(query)
    return int(match[1]) if match else None


def order_matches(query: str, number: int, order: tuple[str, str], *texts: str) -> bool:
    """Whether a search finds an order: its number, a prefix of its id, or any of `texts`.

    `order` is (order id, customer id). Case-blind. `#3` finds order #3 only; a bare `3`
    finds order #3 and the orders of customer 3 (a Telegram id is digits too); an id's
    prefix, with or without `ord_`, finds its order.
    """
    needle = query.strip().lower()
    if not needle:
        return True
    order_id, customer = order[0].lower(), order[1]
    asked = number_asked(needle)
    if asked is not None:
        return asked == number or needle == customer
    ulid = order_id.partition("_")[2]
    return (
        order_id.startswith(needle)
        or (len(needle) >= 4 and ulid.startswith(needle))
        or any(needle in t.lower() for t in texts)
    )


async def customer_labels(db: Database, customers: list[str]) -> dict[str, str]:
    """`customer_label` of each customer, read in two queries however many there are."""
    async with db.read() as conn:
        names = await repository.customer_names(conn, customers)
    return {c: customer_label(c, name, company, seen) for c, (name, company, seen) in names.items()}
