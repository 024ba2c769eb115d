"""How the console names orders and customers, and what its search finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.console.naming import (
    customer_label,
    customer_labels,
    number_asked,
    order_matches,
    status_label,
)
from tests.test_backend.test_db import open_db

ORDER = ("ord_01a23ddab726333ae7ade389b2aa", "10001")


def test_a_customer_is_named_by_profile_else_by_id() -> None:
    assert customer_label("10001", "Alice Example", "Example GmbH") == (
        "Alice Example · Example GmbH"
    )
    assert customer_label("10001", "Alice Example") == "Alice Example"
    assert customer_label("10001", " ", "Example GmbH") == "Example GmbH"
    assert customer_label("10001") == "customer 10001"


@pytest.mark.parametrize(
    ("typed", "number"), [("#3", 3), ("3", 3), (" № 12 ", 12), ("#", None), ("3a", None)]
)
def test_an_order_number_is_read_as_staff_type_it(typed: str, number: int | None) -> None:
    assert number_asked(typed) == number


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("#3", True),
        ("3", True),
        ("#30", False),
        ("13", False),  # a number is the whole number, not a digit in an id
        ("10001", True),  # the customer's Telegram id
        ("#10001", False),  # but "#" asks for an order number only
        ("ord_01a23dd", True),
        ("01A23DDAB7", True),  # the id's ULID without its prefix, any case
        ("3aa", False),  # too short to be taken for an id's start
        ("bracket", True),
        ("alice", True),
        ("nothing", False),
    ],
)
def test_the_search_finds_an_order_by_number_id_prefix_or_text(query: str, found: bool) -> None:
    assert order_matches(query, 3, ORDER, "bracket.stl", "Alice Example") is found


@pytest.mark.anyio
async def test_labels_for_many_customers_come_from_profiles_then_telegram_names(
    tmp_path: Path,
) -> None:
    db = await open_db(tmp_path / "names.db")
    try:
        async with db.write() as tx:
            await tx.execute(
                "INSERT INTO customer_profiles (customer, name, company, created_at, updated_at)"
                " VALUES ('10001', 'Alice Example', 'Example GmbH', '2026-12-01', '2026-12-01')"
            )
            await tx.execute(
                "INSERT INTO telegram_names (customer, first_name, last_name, username, seen_at)"
                " VALUES ('10002', 'Bob', 'Builder', 'bob_b', '2026-12-01T00:00:00Z')"
            )
        labels = await customer_labels(db, ["10003", "10001", "10002", "10001"])
        assert await customer_labels(db, []) == {}
    finally:
        await db.close()
    assert labels == {
        "10001": "Alice Example · Example GmbH",
        "10002": "Bob Builder (@bob_b)",
        "10003": "customer 10003",
    }


def test_a_status_is_named_by_its_words_and_first_article_as_the_customers_turn() -> None:
    assert status_label("in_production") == "in production"
    assert status_label("qc") == "qc"
    assert status_label("first_article") == "First article (awaiting customer)"
