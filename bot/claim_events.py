"""Claim events from the feed: the staff group hears of a new claim, the customer the decision."""

from __future__ import annotations

from aiogram import Bot

from bot.api import BackendClient, Claim, Event, Order
from bot.config import BotConfig
from bot.handlers.staff import staff_translator
from bot.i18n import Translator
from bot.middlewares import People
from bot.render import esc

CLAIM_EVENTS = frozenset({"claim_opened", "claim_decided"})
#: The customer's sentence per decision (the event's `reason`).
_DECIDED = {"remake": "claim_remade", "refund": "claim_refunded", "reject": "claim_rejected"}


async def show_claim_event(
    bot: Bot, api: BackendClient, people: People, config: BotConfig, *, event: Event, order: Order
) -> None:
    """Tell the staff group of a new claim, or the customer what was decided."""
    user = int(order.customer)
    claims = await api.claims(user, order.id)
    if not claims:
        return
    if event.kind == "claim_opened":
        if config.staff_chat_id is None:
            return
        claim = next((c for c in reversed(claims) if c.status == "open"), claims[-1])
        tr = staff_translator(config)
        await bot.send_message(config.staff_chat_id, _opened(tr, claim, people.name(user)))
        return
    key = _DECIDED.get(event.reason or "")
    decided = [c for c in claims if c.status != "open"]
    if key is None or not decided:
        return
    await bot.send_message(user, _decided(people.translator(user), key, decided[-1], event))


def _opened(tr: Translator, claim: Claim, customer: str) -> str:
    return tr(
        "staff_claim_opened", number=claim.order_number, process=esc(claim.process),
        material=esc(claim.material), customer=esc(customer), text=esc(claim.text),
    )  # fmt: skip


def _decided(tr: Translator, key: str, claim: Claim, event: Event) -> str:
    return tr(
        key, number=claim.order_number, remake=claim.remake_order_number or "—",
        amount=esc(event.amount or claim.refund or ""), currency=esc(claim.currency),
        note=esc(event.note or ""),
    ).strip()  # fmt: skip
