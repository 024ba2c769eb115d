"""The ship form offers the rate card's carriers; a shipped order links the carrier's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.test_backend.server import Server
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "3040"
HOSTILE = 'JD01 <b>&x=1#"'


def packed(shop: Shop, server: Server) -> dict[str, Any]:
    """A new order moved to packing through the API, as staff member alice."""
    steps = ("approved", "in_production", "qc", "packed")
    return shop.staff_walk(server.tokens["alice"], shop.order(CUSTOMER), *steps)


def ship(page: Page, order: dict[str, Any], carrier: str, number: str) -> None:
    """Fill the ship form on the order page and send it."""
    page.goto(f"/console/orders/{order['id']}")
    form = page.locator("form.action[data-to=shipped]")
    form.locator("[name=carrier]").fill(carrier)
    form.locator("[name=tracking_number]").fill(number)
    form.locator("button").click()
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "shipped")


def test_the_ship_form_offers_the_carriers_and_the_page_links_the_tracking(
    page: Page, shop: Shop, server: Server
) -> None:
    sign_in(page)
    order = packed(shop, server)
    page.goto(f"/console/orders/{order['id']}")
    carrier = page.locator("form.action[data-to=shipped] [name=carrier]")
    options = page.locator("datalist#carriers option").evaluate_all("os => os.map(o => o.value)")
    assert {"DHL", "UPS", "Royal Mail", "Russian Post", "CDEK"} <= set(options)
    expect(carrier).to_have_attribute("list", "carriers")
    ship(page, order, "DHL", HOSTILE)
    expect(page.locator("#tracking")).to_have_text(HOSTILE)
    href = page.locator("#tracking-link").get_attribute("href") or ""
    parts = urlsplit(href)
    assert (parts.scheme, parts.hostname) == ("https", "www.dhl.com")
    assert parse_qs(parts.query)["tracking-id"] == [HOSTILE]
    shot(page, "tracking-link")


def test_a_carrier_typed_freely_ships_without_a_link(
    page: Page, shop: Shop, server: Server
) -> None:
    sign_in(page)
    order = packed(shop, server)
    ship(page, order, "Pony Express", "PX-42")
    expect(page.locator("#tracking")).to_have_text("PX-42")
    expect(page.locator("#tracking-link")).to_have_count(0)
