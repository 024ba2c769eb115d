"""Payments over the API, as the bot relays Telegram Payments and staff run the money.

Telegram's side (sendInvoice, the queries, successful_payment) is played by these calls in
the order Telegram makes them; tests/test_bot/test_e2e_checkout.py runs the same through the
emulator and the real bot.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from typing import Any

import pytest

from tests.pg import run_sql
from tests.test_backend.api import ALICE, BOB, Api, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_bot.pdftext import pdf_text

pytestmark = [pytest.mark.anyio, pytest.mark.settings(payment_provider_token="284685063:TEST:x")]

BERLIN = {"country_code": "DE", "city": "Berlin", "street_line1": "Alexanderplatz 1",
          "post_code": "10178"}  # fmt: skip


def write_sql(api: Api, query: str, params: tuple[Any, ...]) -> None:
    """Change the server's database as an operator would (the profile API is not used here)."""
    if api.settings.database_url:
        run_sql(api.settings.database_url, query, params)
        return
    with closing(sqlite3.connect(api.settings.database_path)) as db:
        db.execute(query, params)
        db.commit()


async def accept(api: Api, user: str = ALICE, **body: Any) -> dict[str, Any]:
    """Accept a fresh quote; the order."""
    quote = await api.quote(user)
    response = await api.client.post(
        f"/api/v1/quotes/{quote['id']}/accept", json=body, headers=customer(user)
    )
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


async def invoice(api: Api, order: dict[str, Any], user: str = ALICE) -> dict[str, Any]:
    """The chat invoice for an order, as the bot asks for it."""
    response = await api.client.post(
        f"/api/v1/orders/{order['id']}/invoice", json={"language": "en"}, headers=customer(user)
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def post(api: Api, path: str, body: dict[str, Any], user: str = ALICE) -> dict[str, Any]:
    """POST as the bot for `user`; the JSON answer (200 expected)."""
    response = await api.client.post(f"/api/v1/payments{path}", json=body, headers=customer(user))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def paying(sent: dict[str, Any], total: int, option: str | None, charge: str) -> dict[str, Any]:
    """A successful_payment for an invoice, as Telegram reports it."""
    return {
        "payload": sent["payload"], "currency": sent["currency"], "total_amount": total,
        "telegram_payment_charge_id": f"tg-{charge}", "provider_payment_charge_id": charge,
        "shipping_option_id": option,
        "order_info": {"name": "Alice Example", "phone_number": "+4930123456",
                       "shipping_address": BERLIN},
    }  # fmt: skip


async def paid_in_chat(api: Api, option: str, charge: str) -> dict[str, Any]:
    """A new order paid in full in chat, shipped by `option`: the paid order."""
    order = await accept(api)
    sent = await invoice(api, order)
    options = await post(api, "/shipping-query", {"payload": sent["payload"], "address": BERLIN})
    chosen = next(o for o in options["options"] if o["id"] == option)
    total = sum(p["amount"] for p in sent["prices"]) + sum(p["amount"] for p in chosen["prices"])
    paid: dict[str, Any] = (await post(api, "", paying(sent, total, option, charge)))["order"]
    return paid


async def confirmation_is_printed(api: Api, order: dict[str, Any]) -> None:
    """The order's confirmation is a PDF with its number, buyer and address; only hers."""
    confirmation = f"/api/v1/orders/{order['id']}/confirmation.pdf"
    document = await api.client.get(confirmation, headers=customer())
    assert document.status_code == 200 and document.headers["content-type"] == "application/pdf"
    printed = pdf_text(document.content)
    for shown in (f"#{order['number']}", "Alexanderplatz 1", "10178 Berlin", "Alice Example"):
        assert shown in printed, shown
    assert (await api.client.get(confirmation, headers=customer(BOB))).status_code == 404


async def test_paying_in_chat_in_full_moves_the_order_to_review_once(
    api: Api, clock: MovableClock
) -> None:
    """Invoice, shipping query, pre-checkout and payment: recorded once; the order moves on."""
    order = await accept(api)
    assert (order["status"], order["payment_mode"], order["payment_state"]) == (
        "awaiting_payment", "telegram", "unpaid",
    )  # fmt: skip
    assert order["next_statuses"] == ["cancelled"]  # staff cannot approve an unpaid order
    refused = await api.move(order, "approved")
    assert refused.status_code == 409 and error_code(refused) == "forbidden_transition"

    sent = await invoice(api, order)
    assert sent["kind"] == "full" and sent["need_shipping_address"] and sent["is_flexible"]
    goods_and_tax = sum(p["amount"] for p in sent["prices"])
    checkout = order["checkout"]
    assert goods_and_tax == round((float(checkout["goods"]) + float(checkout["tax"])) * 100)

    refused_country = await post(
        api, "/shipping-query",
        {"payload": sent["payload"], "address": {**BERLIN, "country_code": "US"}},
    )  # fmt: skip
    assert not refused_country["ok"] and "ship" in refused_country["error_message"]
    no_street = await post(
        api, "/shipping-query",
        {"payload": sent["payload"], "address": {**BERLIN, "street_line1": " "}},
    )  # fmt: skip
    assert not no_street["ok"] and "street" in no_street["error_message"]
    options = await post(api, "/shipping-query", {"payload": sent["payload"], "address": BERLIN})
    assert options["ok"] and options["options"]
    standard = next(o for o in options["options"] if o["id"] == "standard")
    total = goods_and_tax + sum(p["amount"] for p in standard["prices"])

    check = {
        "payload": sent["payload"], "currency": sent["currency"], "total_amount": total,
        "shipping_option_id": "standard", "order_info": {"shipping_address": BERLIN},
    }  # fmt: skip
    assert (await post(api, "/pre-checkout", check)) == {"ok": True, "error_message": None}
    wrong = await post(api, "/pre-checkout", {**check, "total_amount": total - 1})
    assert not wrong["ok"] and "amount" in wrong["error_message"]
    not_hers = await post(api, "/pre-checkout", check, user=BOB)
    assert not not_hers["ok"]

    report = paying(sent, total, "standard", "ch_1")
    first = await post(api, "", report)
    again = await post(api, "", report)  # Telegram (or a restarted bot) reports it twice
    assert first["recorded"] and not again["recorded"]
    paid = again["order"]
    assert (paid["status"], paid["payment_state"]) == ("pending_review", "paid")
    assert paid["checkout"]["shipping"]["id"] == "standard"
    assert paid["checkout"]["address"]["city"] == "Berlin"
    assert paid["checkout"]["balance"] == "0.00"
    assert round(float(paid["checkout"]["paid"]) * 100) == total
    assert api.sql("SELECT COUNT(*) FROM payments WHERE order_id = ?", (order["id"],)) == [(1,)]
    kinds = [k for (k,) in api.sql(
        "SELECT kind FROM events WHERE order_id = ? ORDER BY cursor", (order["id"],))]  # fmt: skip
    assert kinds == ["placed", "payment_received"]
    assert api.sql("SELECT city, is_default FROM addresses WHERE customer = ?", (ALICE,)) == [
        ("Berlin", 1)
    ]
    await confirmation_is_printed(api, paid)
    # Paid: the invoice is no longer payable, and production may start once approved.
    late = await post(api, "/pre-checkout", check)
    assert not late["ok"] and "already paid" in late["error_message"]
    nothing = await api.client.post(
        f"/api/v1/orders/{order['id']}/invoice", json={}, headers=customer()
    )
    assert nothing.status_code == 409 and error_code(nothing) == "nothing_to_pay"
    await api.walk(paid, "approved", "in_production", "qc", "packed")

    await expired_quote_is_refused(api, clock, check, standard)


async def expired_quote_is_refused(
    api: Api, clock: MovableClock, check: dict[str, Any], shipping: dict[str, Any]
) -> None:
    """An order whose quote expires before the customer pays is refused at pre-checkout."""
    order = await accept(api)
    sent = await invoice(api, order)
    clock.offset = timedelta(days=30)
    total = sum(p["amount"] for p in sent["prices"]) + sum(p["amount"] for p in shipping["prices"])
    expired = await post(
        api, "/pre-checkout", {**check, "payload": sent["payload"], "total_amount": total}
    )
    assert not expired["ok"] and "expired" in expired["error_message"]
    # The reservation lapses with its price: cancelled with the reason, the customer told.
    payments = api.app.state.services.payments
    # On the app's loop: asyncpg's pooled connections belong to it.
    assert await api.on_app_loop(payments.release_unpaid) == 1
    assert await api.on_app_loop(payments.release_unpaid) == 0
    released = (await api.client.get(f"/api/v1/orders/{order['id']}", headers=customer())).json()
    assert released["status"] == "cancelled"
    assert "expired" in (released["history"][-1]["note"] or "")
    told = api.sql("SELECT kind FROM events WHERE order_id = ?", (order["id"],))
    assert told == [("reservation_lapsed",)]


async def test_refunds_are_bounded_and_stop_production(api: Api) -> None:
    """Staff refund part, then the rest; more than was received is refused; refunded stops work."""
    order = await paid_in_chat(api, "pickup", "ch_2")
    total = round(float(order["checkout"]["paid"]) * 100)  # in full, shipping included
    await api.walk(order, "approved")

    async def refund(amount: str, user: dict[str, str]) -> Any:
        return await api.client.post(
            f"/api/v1/orders/{order['id']}/refunds",
            json={"amount": amount, "reason": "late delivery"}, headers=user,
        )  # fmt: skip

    assert (await refund("1.00", customer())).status_code == 403
    partly = await refund("1.00", api.staff())
    assert partly.status_code == 200, partly.text
    assert partly.json()["payment_state"] == "partially_refunded"
    too_much = await refund(f"{total / 100:.2f}", api.staff())
    assert too_much.status_code == 409 and error_code(too_much) == "refund_too_large"
    rest = await refund(f"{(total - 100) / 100:.2f}", api.staff())
    assert rest.json()["payment_state"] == "refunded"
    assert rest.json()["checkout"]["paid"] == "0.00"
    blocked = await api.move(rest.json(), "in_production")
    assert blocked.status_code == 409 and error_code(blocked) == "payment_required"


async def test_a_customer_on_account_is_invoiced_when_the_order_ships(
    api: Api, clock: MovableClock
) -> None:
    """On account: no chat invoice, production at once, a NET invoice at shipping, overdue later."""
    now = "2026-01-01T00:00:00+00:00"
    write_sql(
        api,
        "INSERT INTO customer_profiles (customer, name, email, phone, on_account, net_days,"
        " created_at, updated_at) VALUES (?, 'Alice', 'a@example.com', '+4930123456', 1, 30, ?, ?)",
        (ALICE, now, now),
    )
    write_sql(
        api,
        "INSERT INTO addresses (id, customer, recipient, line1, city, postcode, country,"
        " is_default, created_at) VALUES ('adr_1', ?, 'Alice', 'Main St 1', 'Berlin', '10115',"
        " 'DE', 1, ?)",
        (ALICE, now),
    )
    incomplete = await api.client.post(
        f"/api/v1/quotes/{(await api.quote())['id']}/accept", json={"shipping": "standard"},
        headers=customer(),
    )  # fmt: skip
    assert incomplete.status_code == 400 and error_code(incomplete) == "shipping_incomplete"
    order = await accept(api, shipping="standard", address_id="adr_1")
    assert (order["status"], order["payment_state"]) == ("pending_review", "on_account")
    assert order["checkout"]["shipping"]["id"] == "standard"
    nothing = await api.client.post(
        f"/api/v1/orders/{order['id']}/invoice", json={}, headers=customer()
    )
    assert nothing.status_code == 409
    shipped = await api.walk(order, "approved", "in_production", "qc", "packed", "shipped")
    listed = (await api.client.get("/api/v1/invoices", headers=customer())).json()["invoices"]
    assert [(i["kind"], i["amount"], i["paid_at"]) for i in listed] == [
        ("account", shipped["checkout"]["total"], None)
    ]
    assert (await api.client.get("/api/v1/invoices", headers=customer(BOB))).json() == {
        "invoices": []
    }
    overdue = "/api/v1/invoices?overdue=true"
    assert (await api.client.get(overdue, headers=api.staff())).json()["invoices"] == []
    clock.offset = timedelta(days=31)
    late = (await api.client.get(overdue, headers=api.staff())).json()["invoices"]
    assert [i["number"] for i in late] == [listed[0]["number"]] and late[0]["overdue"]
    number = late[0]["number"]
    russian = await api.client.get(
        f"/api/v1/invoices/{number}/document.pdf?lang=ru", headers=customer()
    )
    printed = pdf_text(russian.content)
    assert (
        f"INV-{number:06d}" in printed and "отсрочка 30 дн." in printed and "Main St 1" in printed
    )
    assert "IBAN" in printed  # the shop's bank details, to pay by transfer
    stranger = await api.client.get(
        f"/api/v1/invoices/{number}/document.pdf", headers=customer(BOB)
    )
    assert stranger.status_code == 404
    paid = await api.client.post(f"/api/v1/invoices/{number}/paid", headers=api.staff())
    assert paid.status_code == 200 and paid.json()["paid_at"]
    assert (await api.client.get(overdue, headers=api.staff())).json()["invoices"] == []
    kinds = [k for (k,) in api.sql(
        "SELECT kind FROM events WHERE order_id = ? ORDER BY cursor", (order["id"],))]  # fmt: skip
    assert kinds[:2] == ["placed", "order_confirmed"] and "invoice_issued" in kinds
