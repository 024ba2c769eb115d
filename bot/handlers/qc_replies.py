"""QC values from the staff group: a reply to an order's card with the next part's numbers.

A staff member measures a sampled part and replies to the order's card with its values,
separated by spaces (or semicolons), in the order of the plan: the sizes X, Y and Z,
each hole's diameter, then 1 (good) or 0 (not) for each thread gauge and the visual
check, e.g. `60.02 30.01 39.98 5.21 1` (a decimal comma is read as a point). The bot
records them as the next sample part's values through the backend and answers with what
it recorded, what is left and what the plan says so far. Anything else replied to a
card (a word, a photo) is left to other handlers.
"""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import Message

from bot.api import BackendClient, BackendError, QcCharacteristic, QcRecorded
from bot.callbacks import StaffCb
from bot.config import BotConfig
from bot.handlers.staff import staff_translator
from bot.i18n import Translator
from bot.render import esc

router = Router(name=__name__)

#: A reply of numbers only: digits, points or commas, separated by spaces or semicolons.
NUMBERS = re.compile(r"^\s*\d+(?:[.,]\d+)?(?:[\s;]+\d+(?:[.,]\d+)?)*\s*$")
#: No part is checked for more characteristics than this (the API's own limit).
MAX_VALUES = 64


def card_order(message: Message) -> str | None:
    """The order id a replied-to staff card carries in its buttons; None for anything else."""
    card = message.reply_to_message
    if card is None or card.reply_markup is None:
        return None
    for row in card.reply_markup.inline_keyboard:
        for button in row:
            try:
                return StaffCb.unpack(button.callback_data or "").order
            except (TypeError, ValueError):
                continue
    return None


def parse_values(text: str) -> list[float]:
    """The numbers of a reply, in order ("60,02" is 60.02)."""
    return [float(token.replace(",", ".")) for token in re.split(r"[\s;]+", text.strip())]


@router.message(F.reply_to_message, F.text.regexp(NUMBERS))
async def on_qc_values(message: Message, *, api: BackendClient, config: BotConfig) -> None:
    """Record a sampled part's values replied to an order's card in the staff group."""
    assert message.from_user is not None and message.text is not None
    order_id = card_order(message)
    staff = message.from_user.id
    if order_id is None or message.chat.id != config.staff_chat_id or staff not in config.staff_ids:
        raise SkipHandler  # not a staff reply to a card: another handler's (or the fallback's)
    tr = staff_translator(config)
    values = parse_values(message.text)[: MAX_VALUES + 1]
    try:
        done = await api.qc_next_part(staff, order_id, values)
    except BackendError as error:
        order = await api.order(order_id, staff=staff)
        reason = tr.backend_error(error.code, error.message)
        await message.reply(tr("qc_not_recorded", number=order.number, reason=esc(reason)))
        return
    await message.reply(qc_answer(tr, done))


def qc_answer(tr: Translator, done: QcRecorded) -> str:
    """What was recorded (✗ on a value outside its limits), what is left, the plan so far."""
    plan = done.plan
    items = {c.key: c for c in plan.characteristics}
    shown = [
        f"{characteristic_name(tr, items[m.characteristic])} {m.value:g}"
        + ("" if _good(items[m.characteristic], m.value) else " ✗")
        for m in done.recorded
    ]
    part = done.recorded[0].part if done.recorded else 0
    lines = [tr("qc_recorded", number=plan.order_number, part=part, values=", ".join(shown))]
    left = sum(v is None for c in plan.characteristics for v in c.values)
    lines.append(
        tr("qc_left", part=plan.next_part, left=left) if plan.next_part else tr("qc_all_in")
    )
    used = {c.defect_class for c in plan.characteristics}
    classes = "; ".join(
        tr("qc_class", name=tr(f"qc_{c.defect_class}"), defectives=c.defectives,
           accept=c.accept, reject=c.reject)
        for c in plan.judgement.classes
        if c.defect_class in used
    )  # fmt: skip
    lines.append(
        tr("qc_plan_so_far", decision=tr(f"qc_{plan.judgement.decision}"), classes=classes)
    )
    return "\n".join(lines)


def characteristic_name(tr: Translator, item: QcCharacteristic) -> str:
    """A characteristic's name in the group's language, from its key (`hole_5.20`)."""
    if item.key == "visual":
        return tr("qc_visual")
    kind, _, rest = item.key.partition("_")
    if kind in ("size", "hole", "thread"):
        return esc(tr(f"qc_{kind}_", rest=rest.upper() if kind == "size" else rest))
    return esc(item.name)


def _good(item: QcCharacteristic, value: float) -> bool:
    if item.lower is None or item.upper is None:
        return value == 1
    return item.lower - 1e-9 <= value <= item.upper + 1e-9
