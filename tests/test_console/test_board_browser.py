"""The board in Chromium at 1280 × 800 and 1920 × 1080: every column and its count in view.

Orders show as #N with their customer's name; the search finds "#3", "3" and an id prefix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.test_backend.api import customer
from tests.test_backend.server import Server
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

NAMED = "3050"  # a customer with a profile
UNNAMED = "3051"  # a customer who never gave one
SEEN = "3052"  # no profile, but the bot saw their Telegram name
SIZES = [(1280, 800), (1920, 1080)]
STATUSES = [
    "awaiting_payment", "pending_review", "approved", "in_production", "first_article", "qc",
    "packed",
    "shipped", "delivered", "rejected", "cancelled",
]  # fmt: skip


@pytest.fixture(scope="module")
def orders(shop: Shop, server: Server) -> Iterator[dict[str, dict[str, Any]]]:
    """Orders in review, in production, awaiting a first article's approval, delivered, cancelled.

    One customer has a name.
    """
    profile = {"name": "Alice Example", "company": "Example GmbH"}
    named = shop.http.patch("/api/v1/profile", json=profile, headers=customer(NAMED))
    assert named.status_code == 200, named.text
    telegram = {"first_name": "Bob", "last_name": "Builder", "username": "bob_b"}
    seen = shop.http.put("/api/v1/profile/telegram-name", json=telegram, headers=customer(SEEN))
    assert seen.status_code == 204, seen.text
    token = server.tokens["alice"]
    made = ("approved", "in_production", "qc", "packed", "shipped", "delivered")
    yield {
        "review": shop.order(NAMED),
        "production": shop.staff_walk(token, shop.order(UNNAMED), "approved", "in_production"),
        "delivered": shop.staff_walk(token, shop.order(UNNAMED), *made),
        "cancelled": shop.staff_walk(token, shop.order(NAMED), "cancelled"),
        "seen": shop.staff_walk(token, shop.order(SEEN), "approved"),
        "first article": shop.first_article_sent(token, UNNAMED, "Ø 20.02 mm"),
    }


def column_headers_in_view(page: Page) -> dict[str, str]:
    """Each column's header text, asserting the header lies inside the viewport."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    found = {}
    for status in STATUSES:
        header = page.locator(f".column[data-status={status}] h3")
        header.scroll_into_view_if_needed()
        box = header.bounding_box()
        assert box is not None, status
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (status, box, width)
        expect(header.locator(".count")).to_be_visible()
        found[status] = header.inner_text()
    return found


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_column_and_its_count_is_in_view(
    page: Page, orders: dict[str, dict[str, Any]], width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page)
    expect(page.locator("#board")).to_be_visible()  # signed in: the board has loaded
    # The page itself never scrolls sideways: only the board may, inside itself.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    counts = page.locator(".column").evaluate_all(
        "cs => cs.map(c => [c.dataset.status, Number(c.querySelector('.count').textContent)])"
    )
    assert [status for status, _ in counts] == STATUSES
    headers = column_headers_in_view(page)
    assert page.evaluate("document.querySelector('#board').scrollLeft") == 0  # no scroll needed
    by_status = dict(counts)
    assert by_status["delivered"] >= 1 and by_status["cancelled"] >= 1
    assert by_status["pending_review"] >= 1 and by_status["in_production"] >= 1
    assert by_status["first_article"] >= 1
    assert "first article (awaiting customer)" in headers["first_article"].lower()
    assert all(str(by_status[s]) in headers[s] for s in STATUSES)
    shot(page, f"board-{width}x{height}")


def test_a_finished_column_unfolds_to_its_orders(
    page: Page, orders: dict[str, dict[str, Any]]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page)
    delivered = orders["delivered"]
    card = page.locator(f".column[data-status=delivered] [data-order='{delivered['id']}']")
    expect(card).to_be_hidden()
    page.locator(".column[data-status=delivered] summary").click()
    expect(card).to_be_visible()
    expect(card.locator(".number")).to_have_text(f"#{delivered['number']}")
    shot(page, "board-delivered-unfolded")


def test_cards_name_the_order_by_number_and_the_customer_by_name(
    page: Page, orders: dict[str, dict[str, Any]]
) -> None:
    sign_in(page)
    review, production = orders["review"], orders["production"]
    card = page.locator(f"[data-order='{review['id']}']")
    expect(card.locator(".number")).to_have_text(f"#{review['number']}")
    expect(card.locator(".who")).to_have_text("Alice Example · Example GmbH")
    other = page.locator(f"[data-order='{production['id']}']")
    expect(other.locator(".who")).to_have_text(f"customer {UNNAMED}")
    seen = page.locator(f"[data-order='{orders['seen']['id']}']")
    expect(seen.locator(".who")).to_have_text("Bob Builder (@bob_b)")
    card.click()
    expect(page.locator("#order-number")).to_have_text(f"#{review['number']}")
    expect(page.locator("#order-id")).to_have_text(review["id"])
    expect(page.locator("#customer-link")).to_have_text("Alice Example · Example GmbH")
    assert page.title().startswith(f"Order #{review['number']} ")
    page.goto(f"/console/orders/{orders['seen']['id']}")
    expect(page.locator("#customer-link")).to_have_text("Bob Builder (@bob_b)")


@pytest.mark.parametrize("how", ["#N", "N", "id prefix", "name"])
def test_the_search_finds_an_order_by_number_id_prefix_or_name(
    page: Page, orders: dict[str, dict[str, Any]], how: str
) -> None:
    sign_in(page)
    review = orders["review"]
    query = {
        "#N": f"#{review['number']}",
        "N": str(review["number"]),
        "id prefix": review["id"][:20],
        "name": "alice exam",
    }[how]
    page.goto(f"/console/board?q={query.replace('#', '%23')}")
    shown = page.locator("[data-order]").evaluate_all("cs => cs.map(c => c.dataset.order)")
    assert review["id"] in shown
    if how != "name":  # the number and the id name one order
        assert shown == [review["id"]]


def test_the_quotes_list_names_the_order_and_the_customer(
    page: Page, orders: dict[str, dict[str, Any]]
) -> None:
    sign_in(page)
    page.goto("/console/quotes")
    review = orders["review"]
    row = page.locator(f"tr[data-quote='{review['quote_id']}']")
    expect(row.locator(".accepted")).to_have_text(f"accepted · #{review['number']}")
    expect(row.locator(".who")).to_have_text("Alice Example · Example GmbH")
