"""Claims in real headless Chromium: the claims page, a refused decision, a remake from the order.

A customer's delivered order gets a claim (as the bot opens it); staff find it under Claims,
try a refund without an amount (refused beside the form, the note kept), refund part of it;
a second claim is decided on its order's page as a remake, whose new order the page links.
The metrics page shows the claim rate per process and material.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.test_backend.api import customer
from tests.test_backend.server import Server, make_staff
from tests.test_console.conftest import PASSWORDS, VENDOR, shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "5005"
TO_DELIVERED = ("approved", "in_production", "qc", "packed", "shipped", "delivered")
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose staff member `alice` also has an API token (to move orders)."""
    assert (VENDOR / "htmx.min.js").exists(), "run `make` first: the console assets are missing"
    data_dir = tmp_path_factory.mktemp("console-claims") / "data"
    TOKENS.update(make_staff(data_dir, {"alice": "staff"}, {"alice": PASSWORDS["alice"]}))
    running = Server(data_dir)
    running.start(timeout=180)
    try:
        yield running
    finally:
        running.stop()


def claimed(shop: Shop, text: str) -> dict[str, Any]:
    """A new order delivered and claimed by the customer; the claim."""
    order = shop.order(CUSTOMER)
    for step in TO_DELIVERED:
        extra = {"carrier": "DHL", "tracking_number": "JD01"} if step == "shipped" else {}
        moved = shop.http.post(
            f"/api/v1/orders/{order['id']}/transitions",
            json={"to": step, "version": order["version"], **extra},
            headers={"Authorization": f"Bearer {TOKENS['alice']}"},
        )
        assert moved.status_code == 200, moved.text
        order = moved.json()
    opened = shop.http.post(
        f"/api/v1/orders/{order['id']}/claims", json={"text": text}, headers=customer(CUSTOMER)
    )
    assert opened.status_code == 201, opened.text
    found: dict[str, Any] = opened.json()
    return found


def test_staff_decide_claims_on_the_claims_page_and_on_the_order(page: Page, shop: Shop) -> None:
    first = claimed(shop, "The lid does not close: the hinge pin is 0.4 mm too thick.")
    sign_in(page)
    page.click("#nav-claims")
    expect(page).to_have_url("/console/claims")
    row = page.locator(f".claim[data-claim='{first['id']}']")
    expect(row).to_contain_text("hinge pin")
    expect(row).to_contain_text(f"#{first['order_number']}")
    shot(page, "claims-open")

    row.locator("select[name=decision]").select_option("refund")
    row.locator("input[name=note]").fill("Sorry: we refund the hinge work.")
    row.locator("button[type=submit]").click()
    error = page.locator(".claim-error")
    expect(error).to_have_attribute("data-code", "bad_refund")
    kept = page.locator(f".claim[data-claim='{first['id']}']")
    expect(kept.locator("input[name=note]")).to_have_value("Sorry: we refund the hinge work.")
    expect(kept.locator("select[name=decision]")).to_have_value("refund")
    shot(page, "claims-refused")
    kept.locator("input[name=refund]").fill("5")
    kept.locator("button[type=submit]").click()
    expect(page).to_have_url("/console/claims")
    expect(page.locator("#no-claims")).to_be_visible()  # nothing open any more
    page.goto("/console/claims?status=refunded")
    expect(page.locator(f".claim[data-claim='{first['id']}']")).to_contain_text("Refunded 5.00")

    second = claimed(shop, "Three of the ten parts arrived broken.")
    page.goto(f"/console/orders/{second['order_id']}")
    section = page.locator("#order-claims")
    expect(section).to_contain_text("arrived broken")
    section.locator("select[name=decision]").select_option("remake")
    section.locator("button[type=submit]").click()
    expect(page).to_have_url(f"/console/orders/{second['order_id']}")
    link = page.locator("#order-claims .claim-outcome a")
    expect(link).to_have_text(f"#{second['order_number'] + 1}")
    shot(page, "claims-remade")
    link.click()
    expect(page.locator("body")).to_contain_text("Remake of")  # the remake's own history

    page.goto("/console/metrics")
    rates = page.locator("#claim-rates tr[data-choice='sla/tough']")
    expect(rates).to_contain_text("100.0 %")  # two delivered, two claimed
