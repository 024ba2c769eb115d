"""Manual review in chat, and accepting a risk.

The customer sends a quote in review (or a part every process refused) to a person; the
staff group gets a review card to approve the instant price or set one; the customer then
gets the reviewed quote with what changed and accepts it with one tap. A quote with DFM
warnings first lists them: the customer accepts the risks (stored on the order) or sends a
revised file.
"""

from __future__ import annotations

import re
from decimal import Decimal

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.api import BackendClient, BackendError, Event
from bot.callbacks import AskPersonCb, QuoteAction, QuoteCb, ReviewAction, ReviewCb
from bot.checkout import start_checkout
from bot.config import BotConfig
from bot.handlers.staff import staff_translator
from bot.i18n import Translator
from bot.keyboards import quote_keyboard
from bot.middlewares import People
from bot.render import esc, money
from bot.review_keyboards import staff_review_keyboard
from bot.review_models import Review
from bot.review_render import reviewed_caption, staff_review_caption
from bot.states import ReviewStates

router = Router(name=__name__)

MAX_LEAD_DAYS = 365
#: A total as staff type it (the backend's `Money`, with a decimal comma allowed).
TOTAL = re.compile(r"^(?:0|[1-9][0-9]{0,8})(?:[.,][0-9]{1,3})?$")


# -- the customer -------------------------------------------------------------------------


async def _ask_person(
    callback: CallbackQuery,
    api: BackendClient,
    tr: Translator,
    *,
    quote_id: str | None = None,
    part_id: str | None = None,
) -> None:
    """Open a review for the quote or the part; say within how many working hours it's answered."""
    await callback.answer()
    review = await api.request_review(callback.from_user.id, quote_id=quote_id, part_id=part_id)
    assert isinstance(callback.message, Message)
    await callback.message.answer(tr("review_sent", hours=review.answer_hours))


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.REVIEW))
async def on_send_to_person(
    callback: CallbackQuery, callback_data: QuoteCb, api: BackendClient, tr: Translator
) -> None:
    """Send a quote in review to a person."""
    await _ask_person(callback, api, tr, quote_id=callback_data.quote)


@router.callback_query(AskPersonCb.filter())
async def on_ask_person(
    callback: CallbackQuery, callback_data: AskPersonCb, api: BackendClient, tr: Translator
) -> None:
    """Every process refused the part: a person looks for a way and prices it."""
    await _ask_person(callback, api, tr, part_id=callback_data.part)


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.CONFIRM))
async def on_accept_risks(
    callback: CallbackQuery,
    callback_data: QuoteCb,
    *,
    state: FSMContext,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
) -> None:
    """The customer accepts the listed risks: on to checkout, the order keeps their confirmation."""
    quote = await api.quote(callback.from_user.id, callback_data.quote)
    codes = [w.code for w in quote.warnings]
    await callback.answer()
    assert isinstance(callback.message, Message)
    await callback.message.edit_text(
        f"{callback.message.html_text}\n\n{tr('risks_accepted')}", reply_markup=None
    )
    await start_checkout(
        callback.message, state, api, tr, config, quote_id=quote.id, acknowledge=codes
    )


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.REVISE))
async def on_revise(callback: CallbackQuery, tr: Translator) -> None:
    """The customer would rather fix the file: say how to send it."""
    await callback.answer()
    assert isinstance(callback.message, Message)
    await callback.message.answer(tr("risk_revise_hint"))


# -- the staff group ------------------------------------------------------------------------


async def send_review_card(
    bot: Bot, api: BackendClient, config: BotConfig, review: Review
) -> Message | None:
    """A new review's card in the staff group, with the part's thumbnail."""
    if config.staff_chat_id is None:
        return None
    group = staff_translator(config)
    thumbnail = await api.thumbnail(int(review.customer), review.part_id)
    return await bot.send_photo(
        config.staff_chat_id,
        BufferedInputFile(thumbnail, "part.png"),
        caption=staff_review_caption(group, review),
        reply_markup=staff_review_keyboard(group, review.id, review.instant_total is not None),
    )


async def show_review_event(
    bot: Bot, api: BackendClient, config: BotConfig, people: People, event: Event
) -> None:
    """A review event from the feed: a card or reminder to staff, or the reviewed quote."""
    assert event.review_id is not None
    customer = int(event.customer)  # the bot reads the review as its customer
    if event.kind == "review_requested":
        await send_review_card(bot, api, config, await api.review(event.review_id, user=customer))
    elif event.kind == "review_overdue" and config.staff_chat_id is not None:
        review = await api.review(event.review_id, user=customer)
        await bot.send_message(
            config.staff_chat_id,
            staff_translator(config)(
                "staff_review_overdue",
                filename=esc(review.filename),
                customer=esc(review.customer),
                due=review.due_at[:16].replace("T", " "),
            ),
        )
    elif event.kind == "review_decided":
        user = customer
        tr = people.translator(user)
        review = await api.review(event.review_id, user=user)
        assert review.reviewed_quote_id is not None
        quote = await api.quote(user, review.reviewed_quote_id)
        thumbnail = await api.thumbnail(user, quote.part_id)
        await bot.send_photo(
            user,
            BufferedInputFile(thumbnail, "part.png"),
            caption=reviewed_caption(tr, quote),
            reply_markup=quote_keyboard(tr, quote),
        )


async def _decided(
    bot: Bot, card: tuple[int, int], review: Review, tr: Translator, line: str
) -> None:
    """Show the decision on the review card and take its buttons away."""
    try:
        await bot.edit_message_caption(
            chat_id=card[0],
            message_id=card[1],
            caption=staff_review_caption(tr, review, line),
            reply_markup=None,
        )
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            raise


@router.callback_query(ReviewCb.filter())
async def on_review_button(
    callback: CallbackQuery,
    *,
    callback_data: ReviewCb,
    state: FSMContext,
    bot: Bot,
    api: BackendClient,
    config: BotConfig,
    people: People,
    tr: Translator,
) -> None:
    """Approve the instant price at once, or ask for the price, lead time and note."""
    staff = callback.from_user.id
    if staff not in config.staff_ids:
        await callback.answer(tr("staff_only"), show_alert=True)
        return
    group = staff_translator(config)
    assert isinstance(callback.message, Message)
    card = (callback.message.chat.id, callback.message.message_id)
    if callback_data.action == ReviewAction.APPROVE:
        try:
            review = await api.decide_review(staff, callback_data.review)
        except BackendError as error:
            if error.code != "review_decided":
                raise
            await callback.answer(group("staff_review_decided"), show_alert=True)
            return
        await callback.answer()
        line = group("staff_review_approved", who=esc(people.name(staff)))
        await _decided(bot, card, review, group, line)
        return
    await callback.answer()
    await state.set_state(ReviewStates.price)
    await state.update_data(review=callback_data.review, chat=card[0], card=card[1])
    await callback.message.answer(group("staff_review_ask_price", who=esc(people.name(staff))))


def parse_price(text: str) -> tuple[str, int, str | None] | None:
    """`1250.00 12 a note` → ("1250.00", 12, "a note"); None when it does not read so.

    The total reads as the backend's prices do: up to 9 whole digits and 3 decimals
    (`,` or `.`), above zero; the days are whole, at most a year.
    """
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 2 or not parts[1].isdecimal() or int(parts[1]) > MAX_LEAD_DAYS:
        return None
    if not TOTAL.match(parts[0]):
        return None
    total = Decimal(parts[0].replace(",", "."))
    if total <= 0:
        return None
    note = parts[2].strip()[:2000] if len(parts) > 2 else None
    return f"{total:f}", int(parts[1]), note or None


@router.message(ReviewStates.price, F.text)
async def on_review_price(
    message: Message,
    *,
    state: FSMContext,
    bot: Bot,
    api: BackendClient,
    config: BotConfig,
    people: People,
) -> None:
    """The price, lead time and note a staff member typed: the review is decided."""
    assert message.from_user is not None and message.text is not None
    staff = message.from_user.id
    if staff not in config.staff_ids:
        await state.clear()
        return
    group = staff_translator(config)
    parsed = parse_price(message.text)
    if parsed is None:
        await message.answer(group("staff_review_bad_price"))
        return
    total, days, note = parsed
    data = await state.get_data()
    await state.clear()
    try:
        review = await api.decide_review(
            staff, str(data["review"]), total=total, lead_time_days=days, note=note
        )
    except BackendError as error:
        if error.code != "review_decided":
            raise
        await message.answer(group("staff_review_decided"))
        return
    line = group(
        "staff_review_priced",
        total=money(total, review.currency),
        days=days,
        who=esc(people.name(staff)),
    )
    await _decided(bot, (int(data["chat"]), int(data["card"])), review, group, line)
    await message.answer(line)
