"""The staff group: order cards with buttons that move orders through the backend.

Only configured staff ids may press (the backend checks again: the bot names the staff
member in `X-Telegram-Staff-Id`). Each move names the version the card showed, so a
double tap or a repeated update is refused by the backend as stale, never applied twice.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.api import BackendClient, BackendError, Order
from bot.callbacks import StaffAction, StaffCb
from bot.config import BotConfig
from bot.first_article_text import staff_lines
from bot.handlers.drawings import send_drawings
from bot.i18n import Translator
from bot.keyboards import STAFF_TARGET, staff_keyboard
from bot.middlewares import People
from bot.payment_events import money_lines
from bot.profile_card import buyer_lines
from bot.render import esc, staff_caption, status_name
from bot.review_render import risks_line
from bot.staff_cards import remember_card
from bot.states import StaffStates

router = Router(name=__name__)


NEEDS_DETAIL = {StaffAction.REJECT: "reject", StaffAction.FAIL: "fail", StaffAction.SHIP: "ship"}
STALE = {"stale_version", "forbidden_transition"}
TELEGRAM_ACTOR = "staff:telegram:"


def _who(actor: str, people: People) -> str:
    if actor.startswith(TELEGRAM_ACTOR):
        return people.name(actor.removeprefix(TELEGRAM_ACTOR))
    return actor.partition(":")[2] or actor


def staff_translator(config: BotConfig) -> Translator:
    """The staff group's texts: one configured language for the whole group.

    A group is read by every staff member at once, so its cards, prompts and the answers
    to its buttons follow `SMALLBATCH_STAFF_LANGUAGE`, not whoever pressed last.
    """
    return Translator(config.staff_language)


async def card_content(
    api: BackendClient, people: People, order: Order, tr: Translator, staff: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card's caption (with every move and who made it) and its buttons.

    With `staff` (a staff member's id) the buyer's name and contacts are read through the
    staff API and shown under the order line.
    """
    quote = await api.quote(int(order.customer), order.quote_id)
    moves = []
    for entry in order.history[1:]:
        line = tr(
            "staff_by",
            status=status_name(tr, entry.status),
            who=esc(_who(entry.actor, people)),
        )
        if entry.note:
            line += f": {esc(entry.note)}"
        if entry.carrier:
            line += f" ({esc(entry.carrier)} {esc(entry.tracking_number or '')})"
        moves.append(line)
    risks = risks_line(tr, order)  # the DFM warnings the customer accepted, if any
    # Where the first article stands: as staff see it (with the photos not sent yet), or as
    # the customer does when the card is drawn without a staff member.
    first = None
    if order.first_article:
        reader = {"staff": staff} if staff is not None else {"user": int(order.customer)}
        first = await api.first_article(order.id, **reader)
    first_lines = staff_lines(tr, first, order.status) if first is not None else []
    lines = [*money_lines(tr, order), *([risks] if risks else []), *first_lines, *moves]
    lines = [*await _buyer(api, tr, order.customer, staff), *lines]
    pending = first is not None and first.making
    return staff_caption(tr, order, quote, lines), staff_keyboard(
        tr, order, first_article_pending=pending
    )


async def _buyer(api: BackendClient, tr: Translator, customer: str, staff: int | None) -> list[str]:
    if staff is None:
        return []
    try:
        return buyer_lines(tr, await api.customer_profile(staff, customer))
    except BackendError:  # a card without the buyer's lines beats no card at all
        return []


async def send_staff_card(
    bot: Bot, api: BackendClient, people: People, order: Order, *, config: BotConfig, chat_id: int
) -> Message:
    """A new order's card in the staff group, with the part's thumbnail, then its drawings."""
    tr = staff_translator(config)
    staff = min(config.staff_ids, default=None)
    caption, markup = await card_content(api, people, order, tr, staff)
    thumbnail = await api.thumbnail(int(order.customer), order.part_id)
    card = await bot.send_photo(
        chat_id,
        BufferedInputFile(thumbnail, "part.png"),
        caption=caption,
        reply_markup=markup,
    )
    await remember_card(api, order, (chat_id, card.message_id))  # the notifier keeps it in step
    user = int(order.customer)
    await send_drawings(bot, api, tr, user=user, part_id=order.part_id, chat_id=chat_id)
    return card


async def refresh_card(
    bot: Bot,
    api: BackendClient,
    people: People,
    card: tuple[int, int],
    order: Order,
    *,
    tr: Translator,
    staff: int | None = None,
) -> None:
    """Show the order's new status, who moved it and the next buttons (and remember that)."""
    caption, markup = await card_content(api, people, order, tr, staff)
    try:
        await bot.edit_message_caption(
            chat_id=card[0], message_id=card[1], caption=caption, reply_markup=markup
        )
    except TelegramBadRequest as error:
        if "not modified" not in error.message:  # a second press finds it up to date
            raise
    await remember_card(api, order, card, staff=staff)


async def move(
    bot: Bot,
    api: BackendClient,
    people: People,
    *,
    tr: Translator,
    staff: int,
    card: tuple[int, int],
    data: StaffCb,
    note: str | None = None,
    carrier: str | None = None,
    tracking_number: str | None = None,
) -> str:
    """Ask the backend for the move, refresh the card; a sentence for the staff member."""
    try:
        order = await api.transition(
            staff, data.order, STAFF_TARGET[data.action], data.version,
            note=note, carrier=carrier, tracking_number=tracking_number,
        )  # fmt: skip
    except BackendError as error:
        if error.code not in STALE:
            raise
        order = await api.order(data.order, staff=staff)
        await refresh_card(bot, api, people, card, order, tr=tr, staff=staff)
        return tr("staff_stale", number=order.number)
    await refresh_card(bot, api, people, card, order, tr=tr, staff=staff)
    return tr("staff_done", number=order.number, status=status_name(tr, order.status))


#: Refusals of a first article's send that staff can act on, said in the group in words.
FIRST_ARTICLE_REFUSALS = {
    "first_article_photos_required", "first_article_approved", "no_first_article",
}  # fmt: skip


async def send_first_article(
    bot: Bot, api: BackendClient, people: People, *, tr: Translator, staff: int,
    card: tuple[int, int], data: StaffCb,
) -> str:  # fmt: skip
    """Send the order's first article to its customer, refresh the card; a toast for staff.

    A refusal (no photos yet, say) is also said in the group, in reply to the card, so
    whoever makes the part reads what is missing.
    """
    try:
        await api.send_first_article(staff, data.order, data.version)
    except BackendError as error:
        if error.code not in STALE | FIRST_ARTICLE_REFUSALS:
            raise
        order = await api.order(data.order, staff=staff)
        await refresh_card(bot, api, people, card, order, tr=tr, staff=staff)
        if error.code in STALE:
            return tr("staff_stale", number=order.number)
        reason = tr.backend_error(error.code, error.message)
        refused = tr("staff_fa_refused", number=order.number, reason=reason)
        await bot.send_message(
            card[0], tr("staff_fa_refused", number=order.number, reason=esc(reason)),
            reply_to_message_id=card[1],
        )  # fmt: skip
        return refused
    order = await api.order(data.order, staff=staff)
    await refresh_card(bot, api, people, card, order, tr=tr, staff=staff)
    return tr("staff_fa_sent", number=order.number)


def _card(callback: CallbackQuery) -> tuple[int, int]:
    assert callback.message is not None
    return callback.message.chat.id, callback.message.message_id


@router.callback_query(StaffCb.filter())
async def on_staff_button(
    callback: CallbackQuery,
    *,
    callback_data: StaffCb,
    state: FSMContext,
    bot: Bot,
    api: BackendClient,
    config: BotConfig,
    people: People,
    tr: Translator,
) -> None:
    """A staff button: move at once, or first ask for a reason or tracking details.

    Someone outside the staff is told so in their own language (`tr`); everything else
    is the staff group's (`staff_translator`).
    """
    staff = callback.from_user.id
    if staff not in config.staff_ids:
        await callback.answer(tr("staff_only"), show_alert=True)
        return
    group = staff_translator(config)
    detail = NEEDS_DETAIL.get(callback_data.action)
    if detail is None:
        where = _card(callback)
        act = send_first_article if callback_data.action == StaffAction.SEND_FIRST_ARTICLE else move
        await callback.answer(
            (await act(bot, api, people, tr=group, staff=staff, card=where, data=callback_data))[
                :200
            ]
        )
        return
    await callback.answer()
    order = await api.order(callback_data.order, staff=staff)
    await state.set_state(StaffStates.detail)
    chat_id, card = _card(callback)
    await state.update_data(payload=callback_data.pack(), chat=chat_id, card=card)
    assert isinstance(callback.message, Message)
    await callback.message.answer(
        group(f"staff_ask_{detail}", who=esc(people.name(staff)), number=order.number)
    )


@router.message(StaffStates.detail, F.text)
async def on_staff_detail(
    message: Message,
    *,
    state: FSMContext,
    bot: Bot,
    api: BackendClient,
    config: BotConfig,
    people: People,
) -> None:
    """The reason or the carrier and tracking number the staff member was asked for."""
    assert message.from_user is not None and message.text is not None
    staff = message.from_user.id
    if staff not in config.staff_ids:
        await state.clear()
        return
    data = await state.get_data()
    payload = StaffCb.unpack(data["payload"])
    card = (int(data["chat"]), int(data["card"]))
    text = message.text.strip()
    group = staff_translator(config)
    if payload.action == StaffAction.SHIP:
        carrier, _, tracking = text.partition(" ")
        if not tracking.strip():
            await message.answer(group("staff_bad_ship"))
            return
        await state.clear()
        reply = await move(
            bot,
            api,
            people,
            tr=group,
            staff=staff,
            card=card,
            data=payload,
            carrier=carrier,
            tracking_number=tracking.strip(),
        )
    else:
        await state.clear()
        reply = await move(
            bot, api, people, tr=group, staff=staff, card=card, data=payload, note=text[:2000]
        )
    await message.answer(reply)
