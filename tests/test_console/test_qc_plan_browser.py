"""The QC plan form in real headless Chromium: refusals beside the box, every value kept.

Twelve brackets are a lot of code letter B: the size and hole checks (major, AQL 2.5)
follow the arrow to C's plan, 5 parts with accept 0; the visual check (minor, AQL 4.0)
3 parts with accept 0.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop
from tests.test_console.test_browser import act

CUSTOMER = "3017"


def column(*values: object) -> str:
    """A column of values as pasted: one line per sample part."""
    return "\n".join(str(v) for v in values)


def box(page: Page, key: str):  # type: ignore[no-untyped-def]
    """A characteristic's text box."""
    return page.locator(f"#qc-plan-form textarea[name='values_{key}']")


def test_a_refused_plan_form_says_why_beside_the_box_and_keeps_every_value(
    page: Page, shop: Shop
) -> None:
    part = shop.ready_part(CUSTOMER)
    order = shop.order(CUSTOMER, part["id"], quantity=12)
    x, y, z = part["report"]["bbox_mm"]
    hole = round(part["report"]["holes"][0]["diameter_mm"], 2)
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    act(page, "approved", note="Fine")
    act(page, "in_production")
    act(page, "qc")
    expect(page.locator("#qc-classes tr[data-class=major]")).to_contain_text("C")
    typed = {
        "size_x": column(x, x, x, x, x),
        "size_y": column(y, y, "3O.01", y, y),  # a letter O for a zero
        "size_z": column(z, z, z, z, z),
        f"hole_{hole:.2f}": column(hole, hole, hole, hole, hole),
        "visual": column(1, 1, 1),
    }
    for key, text in typed.items():
        box(page, key).fill(text)
    page.click("#qc-plan-pass")
    error = page.locator("label[data-key=size_y] .qc-field-error")
    expect(error).to_contain_text("size Y, part 3: '3O.01' is not a number")
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "qc")
    expect(page.locator("#action-error")).to_have_count(0)  # not at the top of the page
    for key, text in typed.items():
        expect(box(page, key)).to_have_value(text)
    shot(page, "qc-plan-not-a-number")

    # Corrected, but one part's height is 1 mm over: Pass is refused by the plan (accept 0).
    typed["size_y"] = column(y, y, y, y, y)
    typed["size_z"] = column(z, round(z + 1, 2), z, z, z)
    box(page, "size_y").fill(typed["size_y"])
    box(page, "size_z").fill(typed["size_z"])
    page.click("#qc-plan-pass")
    expect(page.locator("#qc-plan-error")).to_contain_text("size Z: 1 of 5 outside")
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "qc")
    for key, text in typed.items():
        expect(box(page, key)).to_have_value(text)
    expect(box(page, "size_z")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#qc-plan")).to_have_attribute("data-decision", "reject")
    shot(page, "qc-plan-rejects")

    # The values were saved: a fresh page shows them, and failing sends the lot to rework.
    page.goto(f"/console/orders/{order['id']}")
    saved = column(*(format(float(v), "g") for v in typed["size_z"].split("\n")))
    expect(box(page, "size_z")).to_have_value(saved)
    page.click("#qc-plan-fail")
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "in_production")
    expect(page.locator("#history")).to_contain_text("QC failed: size Z: 1 of 5 outside")
    kinds = [(e["kind"], e.get("note")) for e in shop.events(CUSTOMER)]
    assert any(
        kind == "reworked" and "size Z: 1 of 5 outside" in (note or "") for kind, note in kinds
    )
