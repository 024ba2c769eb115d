"""The review queue in real headless Chromium, and the risks a customer accepted.

The count in the navigation, a price set, the instant price approved; the order page
lists the warnings the customer confirmed.
"""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Page, expect

from tests.test_backend.api import customer
from tests.test_bot.test_e2e_estimates import two_blocks
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "4004"
IN_REVIEW = {"process": "cnc", "material": "al6061", "quantity": 600}


def ask_for_review(shop: Shop, note: str) -> dict[str, Any]:
    """A CNC quote for 600 pieces (over the card's limit of 500) sent to a person."""
    part = shop.ready_part(CUSTOMER)
    quote = shop.http.post(
        "/api/v1/quotes", json={"part_id": part["id"], **IN_REVIEW}, headers=customer(CUSTOMER)
    )
    assert quote.status_code == 201, quote.text
    review = shop.http.post(
        "/api/v1/reviews", json={"quote_id": quote.json()["id"], "note": note},
        headers=customer(CUSTOMER),
    )  # fmt: skip
    assert review.status_code == 201, review.text
    body: dict[str, Any] = review.json()
    return body


def test_staff_work_the_review_queue_and_the_customer_gets_each_quote(
    page: Page, shop: Shop
) -> None:
    first = ask_for_review(shop, "Can you do 3 weeks?")
    second = ask_for_review(shop, "Anodised later")
    profile = {"name": "Dora Designer", "company": "Dora Labs"}
    named = shop.http.patch("/api/v1/profile", json=profile, headers=customer(CUSTOMER))
    assert named.status_code == 200, named.text

    sign_in(page)
    expect(page.locator("#reviews-waiting")).to_have_text("2")
    page.click("#nav-reviews")
    expect(page).to_have_url("/console/reviews")
    expect(page.locator("#waiting-count")).to_have_text("2")
    card = page.locator(f"article.review[data-review='{first['id']}']")
    expect(card).to_contain_text("Can you do 3 weeks?")
    expect(card).to_contain_text("quantity_above cnc:500")
    # The customer by their profile's name and company, as everywhere in the console.
    expect(card).to_contain_text("Dora Designer · Dora Labs")
    expect(card).not_to_contain_text(f"customer {CUSTOMER}")
    shot(page, "reviews-01-queue")

    # A wrong price is refused with the reason, and nothing is decided.
    card.locator("form.set-price [name=total]").fill("12.3456")
    card.locator("form.set-price [name=lead_time_days]").fill("10")
    card.locator("form.set-price button").click()
    expect(page.locator("#review-error")).to_be_visible()
    expect(page.locator("#waiting-count")).to_have_text("2")

    card = page.locator(f"article.review[data-review='{first['id']}']")
    card.locator("form.set-price [name=total]").fill("4321.00")
    card.locator("form.set-price [name=lead_time_days]").fill("21")
    card.locator("form.set-price [name=note]").fill("Three weeks with fixtures")
    card.locator("form.set-price button").click()
    expect(page.locator("#waiting-count")).to_have_text("1")
    decided_row = page.locator(f"#decided tr[data-review='{first['id']}']")
    expect(decided_row).to_contain_text("priced")
    expect(decided_row).to_contain_text("Dora Designer · Dora Labs")
    expect(page.locator("#reviews-waiting")).to_have_text("1")

    second_card = page.locator(f"article.review[data-review='{second['id']}']")
    second_card.locator("form.approve button").click()
    expect(page.locator("#no-reviews")).to_be_visible()
    expect(page.locator("#reviews-waiting")).to_have_count(0)
    shot(page, "reviews-02-decided")

    # The customer can read both reviewed quotes: the set price and the instant one.
    decided = shop.http.get(f"/api/v1/reviews/{first['id']}", headers=customer(CUSTOMER)).json()
    made = shop.http.get(
        f"/api/v1/quotes/{decided['reviewed_quote_id']}", headers=customer(CUSTOMER)
    ).json()
    assert (made["total"], made["lead_time_days"]) == ("4321.00", 21)
    assert made["reviewed"]["note"] == "Three weeks with fixtures"
    approved = shop.http.get(f"/api/v1/reviews/{second['id']}", headers=customer(CUSTOMER))
    assert approved.json()["status"] == "approved"


def measured(shop: Shop, name: str, data: bytes) -> dict[str, Any]:
    """Upload a file as the customer and wait for its report."""
    sent = shop.http.post("/api/v1/parts", files={"file": (name, data)}, headers=customer(CUSTOMER))
    assert sent.status_code in (201, 202), sent.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        part = shop.http.get(f"/api/v1/parts/{sent.json()['id']}", headers=customer(CUSTOMER))
        if part.status_code == 200:
            body: dict[str, Any] = part.json()
            return body
        time.sleep(0.05)
    raise AssertionError("the part was never measured")


def test_the_order_page_shows_the_risks_the_customer_accepted(page: Page, shop: Shop) -> None:
    part = measured(shop, "blocks.stl", two_blocks())  # two pieces: a DFM warning
    quote = shop.http.post(
        "/api/v1/quotes", json={"part_id": part["id"], "process": "sla", "material": "tough",
                                "quantity": 2}, headers=customer(CUSTOMER),
    ).json()  # fmt: skip
    accepted = shop.http.post(
        f"/api/v1/quotes/{quote['id']}/accept",
        json={"acknowledge": [w["code"] for w in quote["warnings"]]},
        headers=customer(CUSTOMER),
    )
    assert accepted.status_code == 201, accepted.text
    sign_in(page)
    page.goto(f"/console/orders/{accepted.json()['id']}")
    expect(page.locator("#risks-accepted-by")).to_contain_text(f"customer:{CUSTOMER}")
    expect(page.locator("#risks-accepted")).to_contain_text("multiple_bodies")
    shot(page, "reviews-03-order-risks")
