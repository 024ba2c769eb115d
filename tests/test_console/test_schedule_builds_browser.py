"""The schedule page in real headless Chromium: a shared SLS build and downtime on the timeline.

Staff mark both SLS printers down for the next hours (so the first build starts later and a
second order can still join it), approve two customers' SLS orders, and read the timeline: one
build block with its fill and both orders (listed on click), and the downtime with its reason.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop


def mark_down(page: Page, machine: str, hours: int) -> None:
    """Mark `machine` down from now for `hours` hours on the machines page (shop time)."""
    shop_now = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1)  # the card's UTC+1
    start, end = (f"{shop_now + timedelta(hours=h):%Y-%m-%dT%H:%M}" for h in (0, hours))
    page.goto("/console/machines")
    form = page.locator("#mark-down")
    form.locator("[name=machine]").select_option(machine)
    form.locator("[name=starts_at]").fill(start)
    form.locator("[name=ends_at]").fill(end)
    form.locator("[name=reason]").fill("powder refill")
    form.locator("button").click()
    expect(page.locator(f"tr[data-machine={machine}] .downtime")).to_contain_text("powder refill")


def approve(page: Page, order: dict[str, str]) -> None:
    """Approve the order on its page."""
    page.goto(f"/console/orders/{order['id']}")
    page.locator("form.action[data-to=approved] button").click()
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "approved")


def test_a_shared_build_is_one_block_with_its_fill_and_orders_and_downtime_is_drawn(
    page: Page, shop: Shop
) -> None:
    sign_in(page)
    for machine in ("fuse-1", "eos-p110"):
        mark_down(page, machine, 6)
    orders = [
        shop.order(user, process="sls", material="pa12", quantity=2) for user in ("4004", "5005")
    ]
    for order in orders:
        approve(page, order)
    page.goto("/console/schedule")
    builds = page.locator("#timeline tr[data-machine=fuse-1] details.build")
    expect(builds.first).to_be_visible()
    numbers = " ".join(str(o["number"]) for o in orders)
    for index in range(builds.count()):  # one block per day the build spans, never per order
        expect(builds.nth(index)).to_have_attribute("data-orders", numbers)
        expect(builds.nth(index)).to_have_attribute("data-build", "1")
    expect(builds.first.locator("summary")).to_contain_text("Build 1 ·")
    expect(builds.first.locator("summary")).to_contain_text("· 2 orders")
    builds.first.locator("summary").click()
    expect(builds.first).to_contain_text(f"orders #{orders[0]['number']}, #{orders[1]['number']}")
    down = page.locator("#timeline tr[data-machine=fuse-1] .down[data-reason='powder refill']")
    expect(down.first).to_be_visible()
    expect(down.first).to_contain_text("down: powder refill")
    # Utilisation says its hours leave the downtime out, and this week's shows it.
    expect(page.locator("main")).to_contain_text("less the hours it is marked down")
    expect(page.locator("#utilisation tr[data-machine=fuse-1] .down-hours").first).not_to_have_text(
        "0.0"
    )
    shot(page, "15-schedule-builds")
