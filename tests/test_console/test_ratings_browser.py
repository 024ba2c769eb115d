"""Rating comments in the console: on the order's page and, newest first, on the metrics page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.test_backend.api import customer
from tests.test_backend.server import Server
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "3060"
COMMENT = "<b>Great</b> parts & fast — спасибо"
MADE = ("approved", "in_production", "qc", "packed", "shipped", "delivered")


def rated(shop: Shop, server: Server, stars: int, comment: str | None) -> dict[str, Any]:
    """A delivered order of the customer's, rated by them."""
    order = shop.staff_walk(server.tokens["alice"], shop.order(CUSTOMER), *MADE)
    body: dict[str, Any] = {"stars": stars} | ({"comment": comment} if comment else {})
    answer = shop.http.post(
        f"/api/v1/orders/{order['id']}/rating", json=body, headers=customer(CUSTOMER)
    )
    assert answer.status_code == 200, answer.text
    return order


def test_the_rating_and_its_comment_show_on_the_order_and_in_metrics(
    page: Page, shop: Shop, server: Server
) -> None:
    named = shop.http.patch(
        "/api/v1/profile", json={"name": "Boris Example"}, headers=customer(CUSTOMER)
    )
    assert named.status_code == 200, named.text
    silent = rated(shop, server, 3, None)
    loved = rated(shop, server, 5, COMMENT)
    sign_in(page)
    page.goto(f"/console/orders/{loved['id']}")
    expect(page.locator("#rating")).to_have_attribute("data-stars", "5")
    expect(page.locator("#rating .stars")).to_have_text("★★★★★")
    expect(page.locator("#rating-comment")).to_have_text(COMMENT)  # as text, never as HTML
    page.goto(f"/console/orders/{silent['id']}")
    expect(page.locator("#rating .stars")).to_have_text("★★★☆☆")
    expect(page.locator("#rating-comment")).to_have_count(0)

    page.goto("/console/metrics")
    rows = page.locator("#comments tr[data-order]")
    expect(rows).to_have_count(1)  # the rating without a comment is left out of the list
    row = rows.first
    expect(row).to_have_attribute("data-order", loved["id"])
    expect(row.locator(".stars")).to_have_text("★★★★★")
    expect(row.locator(f"a[href='/console/orders/{loved['id']}']")).to_have_text(
        f"#{loved['number']}"
    )
    expect(row.locator(f"a[href='/console/customers/{CUSTOMER}']")).to_have_text("Boris Example")
    expect(row.locator(".comment")).to_have_text(COMMENT)
    expect(page.locator("#rating")).to_contain_text("4.0")
    shot(page, "metrics-comments")
