"""Telegram Payments in the emulator: sendInvoice's checks, the queries' answers, the pay walk."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import msgspec
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    LabeledPrice,
    Message,
    PreCheckoutQuery,
    ShippingOption,
    ShippingQuery,
)

from bot.emulator import PaymentError, RunningEmulator, World
from bot.emulator.payments import money
from bot.emulator.types import OrderInfo, ShippingAddress, User
from bot.emulator.types import PreCheckoutQuery as PreCheckoutQueryObject
from tests.test_bot.conftest import polling

pytestmark = pytest.mark.anyio
TOKEN = "284685063:TEST:ZmFrZV90ZXN0X3Rva2Vu"
INVOICE: dict[str, Any] = {
    "title": "Bracket × 20",
    "description": "CNC-milled aluminium brackets, order 42",
    "payload": "order:42:full",
    "provider_token": TOKEN,
    "currency": "EUR",
    "prices": [{"label": "Parts", "amount": 12_000}, {"label": "VAT", "amount": 2_280}],
}
BERLIN = ShippingAddress(
    country_code="DE",
    state="",
    city="Berlin",
    street_line1="Alexanderplatz 1",
    street_line2="",
    post_code="10178",
)


Call = Callable[..., Awaitable[Any]]


@pytest.fixture
async def call(emulator: RunningEmulator) -> AsyncIterator[Call]:
    """Raw Bot API calls, each giving the JSON answer (what aiogram does not show).

    One client for the test: making one costs more than a call (its TLS context).
    """
    base = f"{emulator.url}/bot{emulator.world.token}/"
    async with httpx.AsyncClient(base_url=base) as http:

        async def one(method: str, **params: Any) -> Any:
            return (await http.post(method, json=params)).json()

        yield one


REFUSED_INVOICES: list[tuple[dict[str, Any], str]] = [
    ({"title": ""}, 'Parameter "title" is required'),
    ({"title": "x" * 33}, "INVOICE_TITLE_INVALID"),
    ({"description": "x" * 256}, "INVOICE_DESCRIPTION_INVALID"),
    ({"payload": "é" * 65}, "INVOICE_PAYLOAD_INVALID"),  # 130 bytes
    ({"provider_token": ""}, "PAYMENT_PROVIDER_INVALID"),
    ({"provider_token": "284685063:LIVE:abc"}, "PAYMENT_PROVIDER_INVALID"),
    ({"currency": "XYZ"}, "CURRENCY_INVALID"),
    ({"prices": []}, "There must be at least one price part"),
    ({"prices": [{"label": "Discount", "amount": -5}]}, "Total price must be positive"),
    ({"prices": [{"label": "Pin", "amount": 99}]}, "CURRENCY_TOTAL_AMOUNT_INVALID"),
    ({"prices": [{"label": "Mould", "amount": 1_000_001}]}, "CURRENCY_TOTAL_AMOUNT_INVALID"),
    (
        {"max_tip_amount": 100, "suggested_tip_amounts": [200]},
        "Suggested tip amount can't be bigger than max_tip_amount",
    ),
    (
        {"reply_markup": {"inline_keyboard": [[{"text": "Help", "callback_data": "help"}]]}},
        "REPLY_MARKUP_BUY_EMPTY",
    ),
]


async def test_an_invoice_telegram_refuses_is_refused_in_its_words(
    emulator: RunningEmulator, alice: User, call: Call
) -> None:
    emulator.world.send_text(alice, "/start")
    for change, description in REFUSED_INVOICES:
        answer = await call("sendInvoice", chat_id=alice.id, **(INVOICE | change))
        refused = {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}
        assert answer == refused, change
    assert emulator.world.bot_messages(alice) == []


async def test_an_invoice_message_carries_the_invoice_as_telegram_sends_it(
    emulator: RunningEmulator, alice: User, call: Call
) -> None:
    world = emulator.world
    world.send_text(alice, "/start")
    pay_first = {"inline_keyboard": [[{"text": "Pay 142.80 €", "pay": True}]]}
    answer = await call("sendInvoice", chat_id=alice.id, reply_markup=pay_first, **INVOICE)
    assert answer["ok"], answer
    assert answer["result"]["invoice"] == {
        "title": "Bracket × 20",
        "description": "CNC-milled aluminium brackets, order 42",
        "start_parameter": "",
        "currency": "EUR",
        "total_amount": 14_280,
    }
    assert world.last_message(alice) is not None
    assert world.last_message(alice).buttons[0][0].pay  # type: ignore[union-attr]
    assert money(14_280, "EUR") == "142.80 EUR" and money(1500, "JPY") == "1500 JPY"


async def test_queries_are_answered_once_and_refusals_need_a_sentence(
    emulator: RunningEmulator, alice: User, call: Call
) -> None:
    world = emulator.world
    world.send_text(alice, "/start")
    flexible = INVOICE | {"is_flexible": True}
    invoice = (await call("sendInvoice", chat_id=alice.id, **flexible))["result"]
    walk = asyncio.create_task(
        world.shipping_options(alice, alice.id, invoice["message_id"], BERLIN, timeout=5)
    )
    query = await world.wait_for(lambda: world.pending[-1].shipping_query)
    assert query.shipping_address == BERLIN and query.invoice_payload == "order:42:full"
    no_reason = await call("answerShippingQuery", shipping_query_id=query.id, ok=False)
    assert no_reason["description"] == 'Bad Request: Parameter "error_message" is required'
    no_options = await call("answerShippingQuery", shipping_query_id=query.id, ok=True)
    assert no_options["description"] == 'Bad Request: Parameter "shipping_options" is required'
    options = [{"id": "dhl", "title": "DHL", "prices": [{"label": "DHL", "amount": 990}]}]
    accepted = {"shipping_query_id": query.id, "ok": True, "shipping_options": options}
    assert (await call("answerShippingQuery", **accepted))["ok"]
    again = await call("answerShippingQuery", **accepted)
    assert again["description"] == "Bad Request: QUERY_ID_INVALID"
    step = await walk
    assert step.ok and [o.id for o in step.options] == ["dhl"]
    unknown = await call("answerPreCheckoutQuery", pre_checkout_query_id="1", ok=True)
    assert unknown["description"] == "Bad Request: QUERY_ID_INVALID"
    with pytest.raises(PaymentError, match="needs shipping_address"):
        await world.pay(alice, invoice["message_id"])

    # A bot that asked for messages only never hears of the checkout: the payment fails.
    world.allowed_updates = ["message", "callback_query"]
    fixed = (await call("sendInvoice", chat_id=alice.id, **INVOICE))["result"]
    unheard = await world.pay(alice, fixed["message_id"], timeout=0.2)
    assert unheard.status == "no_answer"
    assert not any(u.pre_checkout_query for u in world.pending)
    world.allowed_updates = ["pre_checkout_query"]
    await world.pay(alice, fixed["message_id"], timeout=0.2)
    assert [u.kind for u in world.pending][-1] == "pre_checkout_query"


def shop_dispatcher(late: asyncio.Event, recorded: list[str], seen: list[str]) -> Dispatcher:
    """A tiny shop bot: /buy sends a flexible invoice, which the tests pay.

    It ships to Germany only, refuses payload "refuse" at checkout, answers payload "late"
    only after `late` is set, notes every successful payment it sees in `seen`, and records
    and thanks for each once (by provider charge id) in `recorded`.
    """
    router = Router(name="shop")

    @router.message(F.text.startswith("/buy"))
    async def buy(message: Message) -> None:
        payload = (message.text or "").partition(" ")[2] or "order:42:full"
        await message.answer_invoice(
            title="Bracket × 20",
            description="CNC-milled aluminium brackets",
            payload=payload,
            provider_token=TOKEN,
            currency="EUR",
            prices=[LabeledPrice(label="Parts", amount=12_000)],
            need_name=True,
            need_email=True,
            is_flexible=True,
        )

    @router.shipping_query()
    async def ship(query: ShippingQuery) -> None:
        if query.shipping_address.country_code != "DE":
            await query.answer(ok=False, error_message="We ship to Germany only")
            return
        prices = [LabeledPrice(label="Standard parcel", amount=990)]
        express = [LabeledPrice(label="Express", amount=2_490)]
        await query.answer(
            ok=True,
            shipping_options=[
                ShippingOption(id="standard", title="Standard", prices=prices),
                ShippingOption(id="express", title="Express", prices=express),
            ],
        )

    @router.pre_checkout_query()
    async def check(query: PreCheckoutQuery) -> None:
        if query.invoice_payload == "refuse":
            await query.answer(ok=False, error_message="The quote has expired")
        elif query.invoice_payload == "late":
            await late.wait()
            try:
                await query.answer(ok=True)
            except TelegramBadRequest as error:
                recorded.append(f"late: {error.message}")
        else:
            await query.answer(ok=True)

    @router.message(F.successful_payment)
    async def paid(message: Message) -> None:
        assert message.successful_payment is not None
        charge = message.successful_payment.provider_payment_charge_id
        seen.append(charge)
        if charge not in recorded:
            recorded.append(charge)
            await message.answer(f"Paid, thank you ({charge})")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def _invoice(world: World, alice: User, text: str = "/buy") -> Any:
    sent = world.send_text(alice, text)
    return (await world.wait_for_reply(sent)).raw


async def test_a_real_bot_takes_payments_through_every_turn(
    world: World, alice: User, bot: Bot
) -> None:
    late, recorded, seen = asyncio.Event(), list[str](), list[str]()
    order_info = OrderInfo(name="Alice Example", email="alice@example.com")
    async with polling(shop_dispatcher(late, recorded, seen), bot):
        invoice = await _invoice(world, alice)
        assert invoice.invoice.total_amount == 12_000
        vienna = msgspec.structs.replace(BERLIN, country_code="AT")
        refused = await world.pay(alice, invoice, shipping_address=vienna, order_info=order_info)
        assert (refused.status, refused.error) == ("shipping_refused", "We ship to Germany only")

        world.payments.decline_next("Your card was declined")
        declined = await world.pay(
            alice,
            invoice,
            shipping_address=BERLIN,
            shipping_option="express",
            order_info=order_info,
        )
        assert (declined.status, declined.error) == ("declined", "Your card was declined")
        assert declined.total_amount == 14_490

        paid = await world.pay(alice, invoice, shipping_address=BERLIN, order_info=order_info)
        assert paid.ok and paid.total_amount == 12_990 and paid.shipping_option_id == "standard"
        assert paid.successful_payment is not None
        charge = paid.successful_payment.provider_payment_charge_id
        assert paid.successful_payment.order_info is not None
        assert paid.successful_payment.order_info.shipping_address == BERLIN
        thanks = await world.wait_for(
            lambda: next((m for m in world.bot_messages(alice) if charge in (m.text or "")), None)
        )
        with pytest.raises(PaymentError, match="paid already"):
            await world.pay(alice, invoice, shipping_address=BERLIN, order_info=order_info)

        # At-least-once delivery: the same update again is recognised by its charge id.
        assert paid.update_id is not None
        world.redeliver(paid.update_id)
        await world.wait_for(lambda: seen.count(charge) == 2)

        refusing = await _invoice(world, alice, "/buy refuse")
        no = await world.pay(alice, refusing, shipping_address=BERLIN, order_info=order_info)
        assert (no.status, no.error) == ("pre_checkout_refused", "The quote has expired")

        slow = await _invoice(world, alice, "/buy late")
        timed_out = await world.pay(
            alice, slow, shipping_address=BERLIN, order_info=order_info, timeout=0.3
        )
        assert (timed_out.status, timed_out.error) == ("no_answer", "Bot didn't respond in time")
        late.set()
        await world.wait_for(lambda: any(r.startswith("late") for r in recorded))

    assert recorded == [charge, "late: Bad Request: QUERY_ID_INVALID"]
    assert [m.text for m in world.bot_messages(alice)].count(thanks.text) == 1
    charges = [c for c in world.calls("answerPreCheckoutQuery") if c.ok]
    assert len(charges) == 3  # declined, paid, refused; the late one came too late
    notices = [n.text for n in world.payments.notices]
    assert notices[0] == "Payment of 120.00 EUR failed: We ship to Germany only"
    assert len(notices) == 4


async def test_the_provider_declines_a_charge_set_up_over_http(
    emulator: RunningEmulator, alice: User, call: Call
) -> None:
    world = emulator.world
    world.send_text(alice, "/start")
    invoice = (await call("sendInvoice", chat_id=alice.id, **INVOICE))["result"]
    async with httpx.AsyncClient(base_url=f"{emulator.url}/_emulator/") as driver:
        decline = await driver.post("payments/declines", json={"reason": "Insufficient funds"})
        assert decline.status_code == 201
        form = {"user_id": alice.id, "message_id": invoice["message_id"], "timeout": 5}
        result = await _pay_answering(emulator, call, driver, form)
        assert (result["status"], result["ok"]) == ("declined", False)
        assert result["error"] == "Insufficient funds"
        log = (await driver.get(f"chats/{alice.id}/messages")).json()
        assert log["notices"][0]["text"] == "Payment of 142.80 EUR failed: Insufficient funds"
        assert log["messages"][-1]["invoice"]["paid"] is False
        again = await _pay_answering(emulator, call, driver, form)  # a decline is for one charge
        assert again["ok"] and again["successful_payment"]["total_amount"] == 14_280
        log = (await driver.get(f"chats/{alice.id}/messages")).json()
        assert log["messages"][-1]["service"] == "You paid 142.80 EUR"
        twice = await driver.post(f"chats/{alice.id}/payments", json=form)
        assert twice.status_code == 400 and "paid already" in twice.json()["error"]


async def _pay_answering(
    emulator: RunningEmulator, call: Call, driver: httpx.AsyncClient, form: dict[str, Any]
) -> Any:
    """Pay over the driver's HTTP route while answering the pre-checkout query with ok."""
    world = emulator.world
    paying = asyncio.create_task(driver.post(f"chats/{form['user_id']}/payments", json=form))

    def asked() -> PreCheckoutQueryObject | None:
        return world.pending[-1].pre_checkout_query if world.pending else None

    query = await world.wait_for(asked)
    assert query.total_amount == 14_280 and query.order_info is None
    world.pending.clear()  # so the next payment's query is the last again
    await call("answerPreCheckoutQuery", pre_checkout_query_id=query.id, ok=True)
    return (await paying).json()
