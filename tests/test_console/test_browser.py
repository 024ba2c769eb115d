"""The console in real headless Chromium.

Sign in, run an order from approval to shipping, and the refusals (wrong password, a
customer's token, a forged form).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from tests.test_backend.api import BOT_KEY
from tests.test_backend.server import Server
from tests.test_bot.pdftext import pdf_text
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "3003"


def act(page: Page, to: str, **fields: str) -> None:
    """Press the action button that moves the order to `to`, filling its fields first."""
    form = page.locator(f"form.action[data-to={to}]")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button").click()
    expect(page.locator("#order-panel")).to_have_attribute("data-status", to)


def fill_qc(page: Page, dims: list[float], *, visual_ok: bool, notes: str = "") -> None:
    """Fill the QC checklist with measured dimensions, the visual check and notes."""
    for axis, value in zip("xyz", dims, strict=True):
        page.fill(f"input[name=measured_{axis}]", f"{value:.2f}")
    if visual_ok:
        page.check("input[name=visual_ok]")
    page.fill("textarea[name=notes]", notes)


def test_staff_approve_an_order_fail_and_pass_qc_and_ship_it_and_the_customer_hears(
    page: Page, shop: Shop
) -> None:
    part = shop.ready_part(CUSTOMER)
    order = shop.order(CUSTOMER, part["id"])
    dims = part["report"]["bbox_mm"]

    sign_in(page)
    expect(page).to_have_url("/console/board")
    card = page.locator(f"[data-status=pending_review] [data-order='{order['id']}']")
    expect(card).to_be_visible()
    expect(card.locator("img")).to_have_js_property("complete", True)
    shot(page, "01-board")

    card.click()
    expect(page.locator("#status")).to_have_text("pending review")
    expect(page.locator("#breakdown")).to_contain_text("Total before tax")
    # Only the moves the state machine allows from pending_review are offered.
    actions = page.locator("form.action[data-to]").evaluate_all("fs => fs.map(f => f.dataset.to)")
    assert actions == ["approved", "rejected", "cancelled"]
    shot(page, "02-order-pending")

    act(page, "approved", note="Looks good")
    act(page, "in_production")
    act(page, "qc")
    shot(page, "03-qc-checklist")

    # A QC failure needs a reason and sends the order back to production with it.
    fill_qc(page, [d + 1.5 for d in dims], visual_ok=True, notes="Wall warped near the hole")
    page.click("#qc-fail")
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "in_production")
    expect(page.locator("#history")).to_contain_text("QC failed: Wall warped near the hole")
    expect(page.locator("#qc-history tr.fail")).to_have_count(1)
    shot(page, "04-qc-failed")

    act(page, "qc")
    # Passing is refused while a dimension is out of tolerance ...
    fill_qc(page, [d + 1.5 for d in dims], visual_ok=True)
    page.click("#qc-pass")
    # ... said beside the checklist, which keeps what was typed.
    expect(page.locator("#qc-checklist-error")).to_contain_text("out of tolerance")
    expect(page.locator("#action-error")).to_have_count(0)
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "qc")
    expect(page.locator("input[name=measured_x]")).to_have_value(f"{dims[0] + 1.5:.2f}")
    expect(page.locator("input[name=visual_ok]")).to_be_checked()
    # ... and accepted when every item is in order.
    fill_qc(page, [d + 0.05 for d in dims], visual_ok=True, notes="All good")
    page.click("#qc-pass")
    expect(page.locator("#order-panel")).to_have_attribute("data-status", "packed")
    expect(page.locator("#certificate-pdf")).to_have_count(0)  # inspected, not shipped yet

    act(page, "shipped", carrier="DHL", tracking_number="JD014600003")
    expect(page.locator("#tracking")).to_have_text("JD014600003")
    shot(page, "05-order-shipped")
    certificate_is_linked(page, order)

    kinds = [(e["kind"], e.get("tracking_number"), e.get("note")) for e in shop.events(CUSTOMER)]
    assert ("shipped", "JD014600003", None) in kinds
    assert ("reworked", None, "QC failed: Wall warped near the hole") in kinds
    moves = [kind for kind, _, _ in kinds if kind not in ("placed", "status_changed")]
    assert moves[:3] == ["approved", "in_production", "reworked"]


def certificate_is_linked(page: Page, order: dict[str, Any]) -> None:
    """Shipped after a passing check: the certificate of conformance is a link away."""
    link = page.locator("#certificate-pdf")
    expect(link).to_have_text("Certificate (PDF)")
    printed = page.request.get(link.get_attribute("href") or "")
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.body())
    assert f"Order #{order['number']}" in text and "Inspector alice" in text, text


def test_a_wrong_password_is_refused(page: Page) -> None:
    sign_in(page, "alice", "not-the-password")
    expect(page.locator("#login-error")).to_have_text("Wrong name or password.")
    expect(page).to_have_url("/console/login")
    shot(page, "06-wrong-password")
    page.goto("/console/board")
    expect(page).to_have_url("/console/login?next=/console/board")


def test_a_customers_token_does_not_open_the_console(page: Page, shop: Shop) -> None:
    headers = shop.bot_headers(CUSTOMER)
    response = page.request.get("/console/board", headers=headers, max_redirects=0)
    assert response.status == 303
    assert response.headers["location"].startswith("/console/login")
    # Nor does the customer's key work as a password.
    sign_in(page, CUSTOMER, BOT_KEY)
    expect(page.locator("#login-error")).to_be_visible()


def test_a_forged_form_without_its_csrf_token_is_refused(
    page: Page, shop: Shop, server: Server
) -> None:
    order = shop.order(CUSTOMER)
    sign_in(page)
    expect(page).to_have_url("/console/board")
    # The signed-in browser posts a form another site could build: no CSRF token.
    forged = page.request.post(
        f"/console/orders/{order['id']}/move",
        form={"to": "approved", "version": str(order["version"])},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "expired or did not come from the console" in forged.text()
    page.set_content(forged.text())
    shot(page, "07-forged-form")
    page.goto(f"/console/orders/{order['id']}")
    expect(page.locator("#status")).to_have_text("pending review")


def test_board_search_filters_cards_in_place(page: Page, shop: Shop) -> None:
    order = shop.order("4004")
    sign_in(page)
    page.fill("input[type=search]", "4004")
    expect(page.locator("#board")).to_have_attribute("data-total", "1")
    expect(page.locator(f"[data-order='{order['id']}']")).to_be_visible()
    shot(page, "08-board-search")


def test_quotes_metrics_and_rate_card_pages_show_their_figures(page: Page, shop: Shop) -> None:
    shop.order("5005")
    sign_in(page, "root")
    page.goto("/console/quotes")
    expect(page.locator("#conversion")).to_contain_text("%")
    shot(page, "09-quotes")

    page.goto("/console/metrics")
    expect(page.locator("#per-status")).to_be_visible()
    for chart in page.locator("img.chart").all():
        expect(chart).to_have_js_property("complete", True)
        assert chart.evaluate("img => img.naturalWidth") > 100
    shot(page, "10-metrics")

    page.goto("/console/rate-card")
    before = page.locator("#current-version").inner_text()
    text = page.locator("textarea[name=toml]").input_value()
    page.fill("textarea[name=toml]", text.replace("margin = ", "margin = -", 1))
    page.click("#save-card")
    expect(page.locator("#card-error")).to_contain_text("margin")
    shot(page, "11-rate-card-error")
    page.fill("textarea[name=toml]", text.replace("minimum_order", "minimum_order", 1) + "\n")
    page.click("#save-card")
    expect(page.locator("#saved")).to_be_visible()
    expect(page.locator("#versions tr")).to_have_count(2)  # header + one saved version
    assert page.locator("#current-version").inner_text() == before  # same figures, same hash
    shot(page, "12-rate-card-saved")


def test_no_page_breaks_the_content_security_policy(page: Page, shop: Shop) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    order = shop.order("6006")
    sign_in(page, "root")
    expect(page).to_have_url("/console/board")
    page.goto(f"/console/orders/{order['id']}")
    # The three.js view runs (its import map is allowed by hash), and htmx swaps the panel.
    expect(page.locator("#viewer")).to_have_attribute("data-loaded", "true")
    act(page, "approved", note="CSP check")
    pages = ("/console/quotes", "/console/metrics", "/console/rate-card", "/console/staff")
    for path in (*pages, "/console/claims", "/console/machines", "/console/schedule"):
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
    # The approved order's jobs hold their slots on the schedule's timeline (the last page).
    blocks = page.locator(f"#timeline .job[data-order='{order['id']}']")
    expect(blocks.first).to_be_visible()
    expect(blocks.first).to_contain_text(f"#{order['number']}")
    expect(page.locator("#timeline .job[data-work=qc]").first).to_be_attached()
    assert blocks.first.evaluate("b => b.getBoundingClientRect().width") > 0
    shot(page, "14-schedule")
    assert refused == []


def test_staff_mark_a_machine_down_and_a_refused_period_keeps_the_form(page: Page) -> None:
    # The form takes the shop's time: the default card's shop is UTC+1.
    shop_now = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1)
    start, end = (f"{shop_now + timedelta(days=d):%Y-%m-%dT%H:%M}" for d in (1, 2))
    sign_in(page)
    page.click("#nav-machines")
    expect(page).to_have_url("/console/machines")
    row = page.locator("tr[data-machine=hp-5200]")
    expect(row).to_contain_text("HP Jet Fusion 5200")
    form = page.locator("#mark-down")
    form.locator("[name=machine]").select_option("hp-5200")
    form.locator("[name=starts_at]").fill(start)
    form.locator("[name=ends_at]").fill(end)
    form.locator("[name=reason]").fill("printhead swap")
    form.locator("button").click()
    expect(page).to_have_url("/console/machines")
    period = row.locator(".downtime")
    expect(period).to_contain_text(f"{start.replace('T', ' ')} – {end.replace('T', ' ')}")
    expect(period).to_contain_text("printhead swap")
    # An end before the start is refused beside the form, which keeps what was typed.
    form.locator("[name=machine]").select_option("fuse-1")
    form.locator("[name=starts_at]").fill(end)
    form.locator("[name=ends_at]").fill(start)
    form.locator("[name=reason]").fill("laser service")
    form.locator("button").click()
    expect(page.locator("#downtime-error")).to_have_attribute("data-code", "bad_period")
    expect(form.locator("[name=machine]")).to_have_value("fuse-1")
    expect(form.locator("[name=starts_at]")).to_have_value(end)
    expect(form.locator("[name=reason]")).to_have_value("laser service")
    expect(page.locator("tr[data-machine=fuse-1] .downtime")).to_have_count(0)
    shot(page, "13-machines-refused")
    # Removing the period not yet begun takes it off the table.
    period.locator("button").click()
    expect(row.locator(".downtime")).to_have_count(0)


def test_staff_record_a_jobs_lot_beside_its_slot_and_open_its_traveller(
    page: Page, shop: Shop
) -> None:
    order = shop.order("7007")
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    # The accepted order holds its slots already; approval keeps them where they were.
    expect(page.locator("#jobs tr.job")).to_have_count(4)
    before = page.locator("#jobs tr.job").all_inner_texts()
    act(page, "approved", note="Jobs check")
    make = page.locator("#jobs tr.job[data-job='1-make']")
    expect(page.locator("#jobs tr.job")).to_have_count(4)
    assert [row.split("\n")[:3] for row in page.locator("#jobs tr.job").all_inner_texts()] == [
        row.split("\n")[:3] for row in before
    ]
    expect(make).to_contain_text("unit")
    # Only spaces is refused beside the field, which keeps what was typed.
    make.locator("[name=lot]").fill("   ")
    make.locator("button").click()
    expect(make.locator(".lot-error")).to_contain_text("1 to 64 printable characters")
    expect(make.locator("[name=lot]")).to_have_value("   ")
    make.locator("[name=lot]").fill("PA12-2026-0412")
    make.locator("button").click()
    expect(make.locator(".lot-error")).to_have_count(0)
    expect(make.locator("[name=lot]")).to_have_value("PA12-2026-0412")
    shot(page, "14-order-jobs")
    href = make.locator("a.traveller-pdf").get_attribute("href")
    assert href is not None
    pdf = page.request.get(href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
