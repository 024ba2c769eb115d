"""The order page names the part's revision and lists the family, in real headless Chromium."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.revised import stretched
from tests.test_backend.api import BRACKET
from tests.test_console.conftest import sign_in
from tests.test_console.shop import Shop

CUSTOMER = "4004"


def test_the_order_page_shows_the_ordered_revision_among_its_family(page: Page, shop: Shop) -> None:
    shop.ready_part(CUSTOMER)  # revision 1
    second = shop.ready_part(CUSTOMER, stretched(BRACKET))  # a changed file, same name
    shop.ready_part(CUSTOMER)  # revision 3 comes after the order
    assert second["revision"] == 2
    order = shop.order(CUSTOMER, second["id"])
    assert order["part_revision"] == 2

    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    expect(page.locator("#revision")).to_have_text("rev 2")
    items = page.locator("#revisions li")
    expect(items).to_have_count(3)
    assert items.evaluate_all("li => li.map(e => e.dataset.revision)") == ["1", "2", "3"]
    current = page.locator("#revisions li[aria-current=true]")
    expect(current).to_have_attribute("data-revision", "2")
    expect(current).to_contain_text("ordered")
