"""First-article build-and-hold on the console's order page and board, in real headless Chromium.

Staff photograph the first article, send it, record the customer's approval given by phone
(a request for changes without words is refused beside the form) and only then move the
batch on to QC.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.test_backend.server import Server
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop, jpeg

CUSTOMER = "4116"
AWAITING = "First article (awaiting customer)"


def add_first_article_photo(page: Page, colour: tuple[int, int, int], caption: str) -> None:
    """Upload one photo through the panel's first-article photo form."""
    form = page.locator("#first-article #photo-form-first_article")
    form.locator("input[name=file]").set_input_files(
        {"name": "first.jpg", "mimeType": "image/jpeg", "buffer": jpeg(colour)}
    )
    form.locator("input[name=caption]").fill(caption)
    form.locator("button[type=submit]").click()


def send(page: Page, note: str) -> None:
    """Type the inspection's findings and send the first article."""
    page.locator("#fa-send-form textarea[name=note]").fill(note)
    page.click("#fa-send")


def round_of(page: Page, number: int) -> Locator:
    """A round of the panel."""
    return page.locator(f"#first-article .fa-round[data-round='{number}']")


def expect_held(page: Page, state: str) -> None:
    """The panel shows `state` and the page offers no QC button."""
    expect(page.locator("#first-article")).to_have_attribute("data-state", state)
    expect(page.locator("#held-for-first-article")).to_be_visible()
    expect(page.locator("form.action[data-to=qc]")).to_have_count(0)


def test_a_first_article_is_sent_approved_by_phone_then_the_batch_goes_to_qc(
    page: Page, shop: Shop, server: Server
) -> None:
    order = shop.order(CUSTOMER, first_article=True)
    order = shop.staff_walk(server.tokens["alice"], order, "approved", "in_production")
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    expect_held(page, "making")
    expect(page.locator("#fa-state")).to_have_text("making")

    # Sending with no photo is refused beside the form, which keeps the findings typed.
    send(page, "Ø 20.02 mm, flatness 0.05")
    expect(page.locator("#fa-send-error")).to_contain_text("Add photos of the first article")
    expect(page.locator("#fa-send-form textarea[name=note]")).to_have_value(
        "Ø 20.02 mm, flatness 0.05"
    )
    expect(page.locator("#status")).to_have_text("in production")

    add_first_article_photo(page, (200, 40, 40), "top face")
    expect(page.locator("#fa-unsent figure")).to_have_count(1)
    send(page, "Ø 20.02 mm, flatness 0.05")
    expect(page.locator("#status")).to_have_text(AWAITING)
    expect_held(page, "awaiting_approval")
    first = round_of(page, 1)
    expect(first.locator(".fa-note")).to_contain_text("Ø 20.02 mm, flatness 0.05")
    expect(first.locator("figure")).to_contain_text("top face")
    image = first.locator("img.photo")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 64  # decoded, not a broken image
    shot(page, "first-article-awaiting")

    # Changes without saying which are refused beside the form (a recorded request for
    # changes and the second round are the plain-form test's and the API test's).
    page.click("#fa-changes")
    expect(page.locator("#fa-decision-error")).to_be_visible()
    expect(page.locator("#status")).to_have_text(AWAITING)
    page.locator("#fa-decision-form textarea[name=note]").fill("approved by phone")
    page.click("#fa-approve")
    expect(page.locator("#first-article")).to_have_attribute("data-state", "approved")
    expect(first).to_have_attribute("data-decision", "approved")
    expect(page.locator("#held-for-first-article")).to_have_count(0)
    expect(page.locator("#fa-send-form, #fa-decision-form")).to_have_count(0)
    shot(page, "first-article-approved")

    page.click("form.action[data-to=qc] button")
    expect(page.locator("#status")).to_have_text("qc")
    kinds = [e["kind"] for e in shop.events(CUSTOMER) if e["order_id"] == order["id"]]
    told = [k for k in kinds if k.startswith("first_article")]
    assert told == ["first_article", "first_article_approved"]


def test_the_board_has_a_first_article_column_with_its_count(
    page: Page, shop: Shop, server: Server
) -> None:
    held: list[dict[str, Any]] = [
        shop.first_article_sent(server.tokens["alice"], CUSTOMER, f"round for board {n}")
        for n in range(2)
    ]
    sign_in(page)
    column = page.locator(".column[data-status=first_article]")
    expect(column.locator("h3 .name")).to_have_text(AWAITING)
    shown = column.locator("[data-order]").evaluate_all("cs => cs.map(c => c.dataset.order)")
    assert {o["id"] for o in held} <= set(shown)
    expect(column.locator(".count")).to_have_text(str(len(shown)))
    # The status is searchable by its label, as staff read it.
    page.goto("/console/board?q=awaiting+customer")
    found = page.locator("[data-order]").evaluate_all("cs => cs.map(c => c.dataset.order)")
    assert set(found) == set(shown)
    page.goto(f"/console/customers/{CUSTOMER}")
    expect(page.locator("#orders")).to_contain_text(AWAITING)
