"""Payments in the console, in real headless Chromium against a server with payments on.

A paid order on the board and its page, refunds (a part, then one too large), an order on
account invoiced at shipping and overdue later, Mark paid, and the money on the metrics page.
The customer's side is played over the API as the bot relays Telegram Payments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.test_backend.api import QUOTE, customer
from tests.test_backend.server import Server, make_staff
from tests.test_bot.pdftext import pdf_text
from tests.test_console.conftest import PASSWORDS, VENDOR, shot, sign_in
from tests.test_console.shop import Shop

PAYER, ON_TERMS = "5005", "5006"
BERLIN = {"country_code": "DE", "city": "Berlin", "street_line1": "Alexanderplatz 1",
          "post_code": "10178"}  # fmt: skip


class PayServer(Server):
    """A server with payments on, and the API token of its staff member."""

    staff_token = ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PayServer]:
    """A server with Telegram payments on (the token is never used, only seen), staff `alice`."""
    assert (VENDOR / "htmx.min.js").exists(), "run `make` first: the console assets are missing"
    data_dir = tmp_path_factory.mktemp("console-pay") / "data"
    running = PayServer(data_dir, TELEGRAM_PAYMENT_PROVIDER_TOKEN="284685063:TEST:console")
    staff = make_staff(data_dir, {"alice": "staff"}, {"alice": PASSWORDS["alice"]})
    running.staff_token = staff["alice"]
    running.start(timeout=180)
    try:
        yield running
    finally:
        running.stop()


class Payer(Shop):
    """The customer paying in chat (as the bot relays it) and staff moving orders over the API."""

    def __init__(self, server: PayServer) -> None:
        super().__init__(server.url)
        self.server = server

    def staff(self) -> dict[str, str]:
        """A staff member's API headers."""
        return {"Authorization": f"Bearer {self.server.staff_token}"}

    def call(self, path: str, body: dict[str, Any], user: str = PAYER) -> dict[str, Any]:
        """POST as the bot for `user`; the JSON answer."""
        response = self.http.post(f"/api/v1{path}", json=body, headers=customer(user))
        assert response.status_code in (200, 201), response.text
        found: dict[str, Any] = response.json()
        return found

    def pay_in_full(self, part_id: str) -> dict[str, Any]:
        """Order the part and pay the chat invoice with standard shipping to Berlin; the order."""
        order = self.order(PAYER, part_id)
        assert order["status"] == "awaiting_payment"
        sent = self.call(f"/orders/{order['id']}/invoice", {"language": "en"})
        options = self.call("/payments/shipping-query", {"payload": sent["payload"],
                                                         "address": BERLIN})  # fmt: skip
        standard = next(o for o in options["options"] if o["id"] == "standard")
        total = sum(p["amount"] for p in sent["prices"] + standard["prices"])
        report = {
            "payload": sent["payload"], "currency": sent["currency"], "total_amount": total,
            "telegram_payment_charge_id": "tg-console-1",
            "provider_payment_charge_id": "ch_console_1", "shipping_option_id": "standard",
            "order_info": {"name": "Paula Payer", "phone_number": "+4930123456",
                           "shipping_address": BERLIN},
        }  # fmt: skip
        paid: dict[str, Any] = self.call("/payments", report)["order"]
        return paid

    def on_account_order(self) -> dict[str, Any]:
        """A customer on NET 30 terms orders with standard shipping; the order."""
        now = datetime.now(UTC).isoformat()
        self.sql(
            "INSERT INTO customer_profiles (customer, name, email, phone, on_account, net_days,"
            " created_at, updated_at) VALUES (?, 'Otto Terms', 'o@example.com', '+4930999',"
            " 1, 30, ?, ?)",
            (ON_TERMS, now, now),
        )
        self.sql(
            "INSERT INTO addresses (id, customer, recipient, line1, city, postcode, country,"
            " is_default, created_at) VALUES ('adr_terms', ?, 'Otto', 'Main St 1', 'Berlin',"
            " '10115', 'DE', 1, ?)",
            (ON_TERMS, now),
        )
        part = self.ready_part(ON_TERMS)
        quote = self.call("/quotes", {"part_id": part["id"], **QUOTE}, user=ON_TERMS)
        return self.call(
            f"/quotes/{quote['id']}/accept", {"shipping": "standard", "address_id": "adr_terms"},
            user=ON_TERMS,
        )  # fmt: skip

    def walk(self, order: dict[str, Any], *steps: str) -> dict[str, Any]:
        """Staff move an order through several statuses over the API."""
        for step in steps:
            extra = {"carrier": "DHL", "tracking_number": "JD01"} if step == "shipped" else {}
            response = self.http.post(
                f"/api/v1/orders/{order['id']}/transitions",
                json={"to": step, "version": order["version"], **extra}, headers=self.staff(),
            )  # fmt: skip
            assert response.status_code == 200, response.text
            order = response.json()
        return order

    def sql(self, query: str, params: tuple[Any, ...]) -> None:
        """Change the server's database as an operator would."""
        with closing(sqlite3.connect(self.server.data_dir / "smallbatch.db")) as db:
            db.execute(query, params)
            db.commit()


@pytest.fixture(scope="module")
def payer(server: PayServer) -> Iterator[Payer]:
    """The customer's and the staff API's side of the server."""
    client = Payer(server)
    yield client
    client.http.close()


def refund_a_part_then_too_much(page: Page, total: str) -> None:
    """Refund 1.00 (the state says so), then more than is left: refused, the reason kept."""
    form = page.locator("#refund-form")
    form.locator("[name=amount]").fill("1.00")
    form.locator("[name=reason]").fill("scratched surface")
    form.locator("button").click()
    expect(page.locator("#payment-state")).to_have_text("partially refunded")
    expect(page.locator("#refunds")).to_contain_text("scratched surface")
    form = page.locator("#refund-form")
    form.locator("[name=amount]").fill(total)
    form.locator("[name=reason]").fill("the whole order again")
    form.locator("button").click()
    expect(page.locator("#refund-error")).to_contain_text("a refund cannot be more")
    expect(page.locator("#refund-form [name=reason]")).to_have_value("the whole order again")


def test_staff_see_payments_refund_and_chase_invoices_in_the_console(
    page: Page, payer: Payer
) -> None:
    waiting = payer.order(PAYER)
    paid = payer.pay_in_full(waiting["part_id"])  # the same part, ordered again
    sign_in(page)
    # Unpaid orders wait in their own column; the paid one shows its badge in review.
    column = page.locator(".column[data-status=awaiting_payment]")
    expect(column.locator(f"[data-order='{waiting['id']}'] [data-payment]")).to_have_text("unpaid")
    card = page.locator(f".column[data-status=pending_review] [data-order='{paid['id']}']")
    expect(card.locator("[data-payment]")).to_have_text("paid")
    shot(page, "pay-01-board")
    page.goto(f"/console/orders/{waiting['id']}")  # staff may only cancel it
    assert page.locator("form.action[data-to]").evaluate_all("fs => fs.map(f => f.dataset.to)") == [
        "cancelled"
    ]
    page.goto("/console/board")

    card.click()
    section = page.locator("#payment")
    expect(section.locator("#payment-state")).to_have_text("paid")
    expect(section.locator("#ship-to")).to_contain_text("Alexanderplatz 1")
    expect(section.locator("#shipping-method")).to_be_visible()
    expect(section.locator("#checkout-total")).to_contain_text(paid["checkout"]["total"])
    expect(section.locator("#balance")).to_have_text("0.00")
    expect(section.locator("#payments")).to_contain_text("ch_console_1")
    expect(section.locator("#invoices")).to_contain_text("full")
    shot(page, "pay-02-order-paid")

    refund_a_part_then_too_much(page, paid["checkout"]["total"])
    page.goto("/console/board")
    expect(page.locator(f"[data-order='{paid['id']}'] [data-payment]")).to_have_text(
        "partially refunded"
    )

    # On account: invoiced at shipping, overdue once its due date passed, then marked paid.
    terms = payer.walk(payer.on_account_order(), "approved", "in_production", "qc", "packed",
                       "shipped")  # fmt: skip
    page.goto("/console/invoices")
    row = page.locator("#invoices tr", has=page.locator(f"a[href='/console/orders/{terms['id']}']"))
    expect(row).to_contain_text("account")
    expect(row).not_to_have_class("overdue")
    pdf = page.request.get(row.locator("a.invoice-pdf").get_attribute("href") or "")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert "NET 30" in pdf_text(pdf.body())  # the invoice as the customer gets it
    past = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    payer.sql("UPDATE invoices SET due_at = ? WHERE order_id = ?", (past, terms["id"]))
    page.reload()
    expect(page.locator("#invoices tbody tr, #invoices tr[data-invoice]").first).to_have_class(
        "overdue"
    )
    expect(row).to_contain_text("overdue")
    shot(page, "pay-03-invoices-overdue")
    row.locator("button.mark-paid").click()
    expect(page).to_have_url("/console/invoices")
    expect(row).not_to_have_class("overdue")
    expect(row.locator("button.mark-paid")).to_have_count(0)

    # Both invoices were paid (in chat, by transfer); 1.00 went back.
    invoiced = Decimal(paid["checkout"]["total"]) + Decimal(terms["checkout"]["total"])
    currency = paid["checkout"]["currency"]
    page.goto("/console/metrics")
    for period in ("period.month", "period.30d"):
        figures = page.locator(f"#money [data-period='{period}']")
        expect(figures.locator(".collected")).to_have_text(f"{currency} {invoiced - 1:.2f}")
        expect(figures.locator(".invoiced")).to_have_text(f"{currency} {invoiced:.2f}")
    shot(page, "pay-04-metrics")
