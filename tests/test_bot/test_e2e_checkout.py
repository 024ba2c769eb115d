"""Checkout and payment in chat, end to end: the real bot, backend and emulator's Payments.

Alice pays with Telegram Payments (the emulator's test provider), staff run the order; the
shop never starts production of an unpaid order nor ships one not paid in full.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.emulator import ChatMessage
from bot.emulator.types import ShippingAddress
from tests.test_bot.pdftext import pdf_text
from tests.test_bot.shop import BOT_KEY, Shop, checkout, choose, open_shop, quote_card

pytestmark = pytest.mark.anyio

TOKEN = "284685063:TEST:smallbatch"
BERLIN = ShippingAddress(
    country_code="DE", state="", city="Berlin", street_line1="Alexanderplatz 1",
    street_line2="", post_code="10178",
)  # fmt: skip
NEW_YORK = ShippingAddress(
    country_code="US", state="NY", city="New York", street_line1="5th Avenue 1",
    street_line2="", post_code="10001",
)  # fmt: skip


async def staff_call(shop: Shop, method: str, path: str, body: Any = None) -> httpx.Response:
    """The backend as Sam on staff (the bot acting for him), as his buttons would call it."""
    headers = {
        "Authorization": f"Bearer {BOT_KEY}",
        "X-Telegram-Staff-Id": str(shop.staff.id),
    }
    async with httpx.AsyncClient(base_url=shop.backend.url, headers=headers) as client:
        return await client.request(method, path, json=body)


async def move(shop: Shop, number: str, *steps: str) -> dict[str, Any]:
    """Staff move order `number` through `steps`; the order after the last (each must pass)."""
    order: dict[str, Any] = (await staff_call(shop, "GET", f"/api/v1/orders/{number}")).json()
    for step in steps:
        body: dict[str, Any] = {"to": step, "version": order["version"]}
        if step == "shipped":
            body |= {"carrier": "DHL", "tracking_number": "JD0146000000"}
        response = await staff_call(shop, "POST", f"/api/v1/orders/{order['id']}/transitions", body)
        assert response.status_code == 200, response.text
        order = response.json()
    return order


async def invoice_after(shop: Shop, after: int) -> ChatMessage:
    """The next invoice the bot sends Alice."""
    return await shop.wait_message(shop.customer, lambda m: m.raw.invoice is not None, after=after)


async def test_paying_in_full_declined_then_paid_once_then_refunded(tmp_path: Path) -> None:
    """Decline, a country not shipped to, payment, a repeated update, a refund; an expired quote."""
    async with open_shop(tmp_path, payment_provider_token=TOKEN) as shop:
        world, alice = shop.world, shop.customer
        quote = await quote_card(shop)
        before = shop.latest(alice)
        shop.press(alice, quote, "Accept")
        asked = await shop.wait_text(alice, "Pay below", after=before)
        invoice = await invoice_after(shop, asked.message_id)
        assert invoice.raw.invoice is not None and invoice.raw.invoice.currency == "EUR"
        number = (asked.text or "").split("#")[1].split()[0]
        order = await shop.ask_backend(f"/api/v1/orders/{number}")
        assert (order["status"], order["payment_state"]) == ("awaiting_payment", "unpaid")
        refused = await staff_call(
            shop, "POST", f"/api/v1/orders/{order['id']}/transitions",
            {"to": "approved", "version": order["version"]},
        )  # fmt: skip
        assert refused.status_code == 409  # not paid: not even in review yet

        world.payments.decline_next("Card declined")
        declined = await world.pay(alice, invoice.raw, shipping_address=BERLIN)
        assert not declined.ok and declined.error == "Card declined"
        abroad = await world.pay(alice, invoice.raw, shipping_address=NEW_YORK)
        assert not abroad.ok and "do not ship" in (abroad.error or "")
        paid = await world.pay(
            alice, invoice.raw, shipping_address=BERLIN, shipping_option="standard"
        )
        assert paid.ok, paid.error
        thanks = await shop.wait_text(alice, "received for order", after=invoice.message_id)
        assert f"#{number}" in (thanks.text or "")
        confirmation = await shop.wait_message(
            alice, lambda m: m.document is not None, after=thanks.message_id
        )
        assert confirmation.document is not None
        assert "Alexanderplatz 1" in pdf_text(confirmation.document)
        staff_card = await shop.wait_text(shop.staff_chat, f"Order #{number}")  # heard only now
        assert "💳 paid: €" in (staff_card.text or "") and "Alexanderplatz 1" in (
            staff_card.text or ""
        )

        assert paid.update_id is not None
        world.redeliver(paid.update_id)  # Telegram delivers the payment again
        await world.wait_for(lambda: not world.redeliveries or None)
        order = await shop.ask_backend(f"/api/v1/orders/{number}")
        assert (order["status"], order["payment_state"]) == ("pending_review", "paid")
        assert round(float(order["checkout"]["paid"]) * 100) == paid.total_amount  # once
        assert order["checkout"]["shipping"]["id"] == "standard"
        await move(shop, number, "approved", "in_production")  # paid: production may start

        refund = await staff_call(
            shop, "POST", f"/api/v1/orders/{order['id']}/refunds",
            {"amount": "5.00", "reason": "late"},
        )  # fmt: skip
        assert refund.status_code == 200 and refund.json()["payment_state"] == "partially_refunded"
        await shop.wait_text(alice, "A refund of €5.00", after=thanks.message_id)
        await expired_quote_is_refused_at_pre_checkout(shop)


async def expired_quote_is_refused_at_pre_checkout(shop: Shop) -> None:
    """A quote that expired before Alice pays: the payment is refused with the reason."""
    world, alice = shop.world, shop.customer
    quote = await quote_card(shop)
    before = shop.latest(alice)
    shop.press(alice, quote, "Accept")
    invoice = await invoice_after(shop, before)
    with closing(sqlite3.connect(shop.backend.settings.database_path)) as db:
        db.execute("UPDATE quotes SET expires_at = '2020-01-01T00:00:00+00:00'")
        db.commit()
    late = await world.pay(alice, invoice.raw, shipping_address=BERLIN)
    assert not late.ok and "expired" in (late.error or "")


async def test_a_deposit_then_the_balance_when_packed(tmp_path: Path) -> None:
    """Casting takes a deposit; the balance is invoiced at packing and must be paid to ship."""
    async with open_shop(tmp_path, payment_provider_token=TOKEN) as shop:
        world, alice = shop.world, shop.customer
        quote = await choose(shop, "Vacuum casting", "ABS-like")
        before = shop.latest(alice)
        shop.press(alice, quote, "Accept")
        risks = await shop.wait_message(
            alice, lambda m: "deposit" in (m.text or "") or "risks" in (m.text or ""), after=before
        )
        if "risks" in (risks.text or ""):  # the bracket may carry warnings for casting
            shop.press(alice, risks, "I accept these risks")
        asked = await shop.wait_text(alice, "deposit of 30", after=before)
        number = (asked.text or "").split("#")[1].split()[0]
        deposit = await invoice_after(shop, asked.message_id)
        paid = await world.pay(
            alice, deposit.raw, shipping_address=BERLIN, shipping_option="pickup"
        )
        assert paid.ok, paid.error
        await shop.wait_text(alice, "received for order", after=deposit.message_id)
        order = await move(shop, number)
        assert order["payment_state"] == "deposit_paid"
        total = round(float(order["checkout"]["total"]) * 100)
        assert 0 < paid.total_amount < total
        order = await move(shop, number, "approved", "in_production", "qc", "packed")
        early = await staff_call(
            shop, "POST", f"/api/v1/orders/{order['id']}/transitions",
            {"to": "shipped", "version": order["version"], "carrier": "DHL",
             "tracking_number": "JD1"},
        )  # fmt: skip
        assert early.status_code == 409 and early.json()["error"]["code"] == "payment_required"

        due = await shop.wait_text(alice, "pay the balance", after=deposit.message_id)
        balance = await invoice_after(shop, due.message_id)
        rest = await world.pay(alice, balance.raw)  # not flexible: the address is known
        assert rest.ok, rest.error
        assert paid.total_amount + rest.total_amount == total
        await shop.wait_text(alice, "received for order", after=balance.message_id)
        order = await move(shop, number, "shipped")
        assert order["payment_state"] == "paid" and order["checkout"]["balance"] == "0.00"


async def test_a_customer_on_account_is_asked_how_to_ship_and_invoiced_at_shipping(
    tmp_path: Path,
) -> None:
    """On account (NET 30): no invoice in chat; the PDF invoice comes when the order ships."""
    async with open_shop(tmp_path, payment_provider_token=TOKEN) as shop:
        alice = shop.customer
        terms = await staff_call(
            shop, "PUT", f"/api/v1/customers/{alice.id}/account",
            {"on_account": True, "net_days": 30},
        )  # fmt: skip
        assert terms.status_code == 200, terms.text
        quote = await quote_card(shop)
        number = await checkout(shop, lambda: shop.press(alice, quote, "Accept"), "Standard")
        confirmed = await shop.wait_text(alice, "confirmed on your account")
        assert not any(m.raw.invoice for m in shop.world.bot_messages(alice))
        order = await move(shop, number, "approved", "in_production", "qc", "packed", "shipped")
        assert order["payment_state"] == "on_account"
        invoice = await shop.wait_message(
            alice, lambda m: m.document is not None and "INV-" in (m.text or ""),
            after=confirmed.message_id,
        )  # fmt: skip
        assert invoice.document is not None and "NET 30" in pdf_text(invoice.document)
