"""Staff move a job in real headless Chromium: timeline, move form, preview, Save move.

From the timeline to the order's move form, a preview of the consequences (a red line when
the promise slips), then Save move.

The server runs on the real clock, so the target day is counted from today: two weeks
ahead on a weekday, when the resin printers work and the order is long past its promise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop
from tests.test_console.test_browser import act

CUSTOMER = "8008"


def two_weeks_on() -> date:
    """A weekday at least 14 days after the shop's today (the default card's shop is UTC+1)."""
    day = (datetime.now(UTC) + timedelta(hours=1)).date() + timedelta(days=14)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day


def test_staff_preview_a_move_see_the_slip_and_save_it_from_the_timeline(
    page: Page, shop: Shop
) -> None:
    order = shop.order(CUSTOMER)
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    act(page, "approved", note="Move check")
    # The timeline links the order's print to its move form on the order page.
    page.goto("/console/schedule")
    page.locator(f"#timeline a.job[data-order='{order['id']}'][data-job='1-make']").first.click()
    expect(page).to_have_url(f"/console/orders/{order['id']}#move-1-make")
    form = page.locator("#move-1-make form.move-form")
    expect(form).to_be_visible()
    # Preview: two weeks on, on the large printer; nothing is stored yet.
    day = two_weeks_on().isoformat()
    form.locator("[name=machine]").select_option("form-4l")
    form.locator("[name=day]").fill(day)
    form.locator("button").click()
    preview = page.locator("#move-result-1-make .move-preview")
    expect(preview).to_have_attribute("data-slips", "true")
    expect(preview.locator(".move-lands")).to_contain_text("form-4l")
    expect(preview.locator(".ship-date")).to_have_text(day)
    expect(preview.locator(".moved-job")).to_have_count(4)  # the print and every job after it
    warning = preview.locator(".slip-warning")
    expect(warning).to_contain_text("slips the promised date from ")
    expect(warning).to_contain_text(f" to {day}")
    assert warning.evaluate("e => getComputedStyle(e).color") == "rgb(138, 28, 28)"  # red
    make = page.locator("#jobs tr.job[data-job='1-make']")
    expect(make).not_to_contain_text("form-4l")
    shot(page, "15-move-preview")
    # Save: the panel comes back with the job on its new machine and day.
    preview.locator("form.move-save button").click()
    expect(make).to_contain_text("form-4l")
    expect(make).to_contain_text(day)
    expect(page.locator("#move-result-1-make .move-preview")).to_have_count(0)
    # The customer hears of the slip once, with the new date and why.
    slipped = [e for e in shop.events(CUSTOMER) if e["kind"] == "slipped"]
    assert [(e["order_id"], e["ship_date"], e["reason"]) for e in slipped] == [
        (order["id"], day, "moved")
    ]


def test_a_refused_move_is_shown_beside_the_form(page: Page, shop: Shop) -> None:
    order = shop.order(CUSTOMER)
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    act(page, "approved", note="Refusal check")
    form = page.locator("#move-1-make form.move-form")
    form.locator("[name=day]").fill("2020-01-06")  # long past
    form.locator("button").click()
    refused = page.locator("#move-result-1-make .move-error")
    expect(refused).to_contain_text("from today")
    expect(page.locator("#move-result-1-make form.move-save")).to_have_count(0)
