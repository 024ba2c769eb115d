"""The order page shows the specifications the quote was priced with, the note as typed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "3010"
NOTE = "<script>document.title='owned'</script> keep the window clear"


def test_staff_see_tolerance_finish_colour_inserts_and_the_note_on_the_order(
    page: Page, shop: Shop
) -> None:
    order = shop.order(
        CUSTOMER,
        finish="polished",
        tolerance="coarse",  # "drawing" would wait for a person's review
        colour="grey",
        inserts=[{"size": "M3", "count": 2}],
        note=NOTE,
    )
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    specs = page.locator("#specs")
    expect(specs).to_contain_text("ISO 2768-c")
    expect(specs).to_contain_text("Polished clear")
    expect(specs).to_contain_text("grey")
    expect(specs).to_contain_text("2 × M3")
    expect(specs.locator("td.note")).to_have_text(NOTE)  # shown as text, never run
    assert "owned" not in page.title()
    expect(page.locator("#breakdown")).to_contain_text("Inserts: 2 × M3")
    shot(page, "specs-order")
