"""From a process and material to a quote card; every change of quantity or lead reprices.

The quote card is a photo: the part's price-against-quantity chart, with the price, ship
date, a short breakdown and a hint when another process is cheaper at a nearby quantity.
Its buttons carry the quote id, so the bot keeps no state between presses. The backend
answers a quote with everything its card shows (file name, hint and, when the picture must
change, the chart for that lead tier, drawn once and then cached), so a press costs one request.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InputMediaPhoto, Message

from bot.api import BackendClient, Lead, Quote
from bot.callbacks import LEADS, MaterialCb, QuoteAction, QuoteCb
from bot.i18n import Translator
from bot.keyboards import is_current, process_keyboard, quote_keyboard
from bot.render import details_text
from bot.review_render import card_caption
from bot.states import QuoteStates
from vocabulary import DEFAULT_LEAD

router = Router(name=__name__)

CHART_QUANTITIES = [1, 5, 10, 25, 50, 100, 250, 500, 1000]
MAX_QUANTITY = 1_000_000


def chart_photo(quote: Quote) -> BufferedInputFile:
    """The part's price chart at the quote's lead tier, as it came with the quote."""
    assert quote.chart_png is not None, "ask for the quote with chart=CHART_QUANTITIES"
    return BufferedInputFile(quote.chart_png, "prices.png")


async def send_quote_card(bot: Bot, tr: Translator, *, chat_id: int, quote: Quote) -> Message:
    """A new quote card: the chart for this part, the price and the buttons."""
    return await bot.send_photo(
        chat_id,
        chart_photo(quote),
        caption=card_caption(tr, quote),
        reply_markup=quote_keyboard(tr, quote),
    )


async def reprice(
    bot: Bot,
    api: BackendClient,
    tr: Translator,
    *,
    user: int,
    card: tuple[int, int],
    quote_id: str,
    quantity: int | None = None,
    lead: Lead | None = None,
) -> Quote:
    """A new quote like `quote_id` with another quantity or lead, shown on the same card.

    A quantity changes only the caption and buttons; a lead tier changes the prices on
    the chart too, so the photo is replaced with that tier's chart.
    """
    chart = CHART_QUANTITIES if lead is not None else None
    # One part is its own first article: a batch of one drops the one the quote kept.
    specs = {"first_article": False} if quantity == 1 else None
    quote = await api.requote(
        user, quote_id, quantity=quantity, lead=lead, chart=chart, language=tr.language,
        specs=specs,
    )  # fmt: skip
    await show_on_card(bot, tr, card=card, quote=quote)
    return quote


async def show_on_card(bot: Bot, tr: Translator, *, card: tuple[int, int], quote: Quote) -> None:
    """Put `quote` on an existing card: the caption and buttons, and its chart when it has one."""
    chat_id, message_id = card
    caption, markup = card_caption(tr, quote), quote_keyboard(tr, quote)
    if quote.chart_png is None:
        await bot.edit_message_caption(
            chat_id=chat_id, message_id=message_id, caption=caption, reply_markup=markup
        )
    else:
        photo = InputMediaPhoto(media=chart_photo(quote), caption=caption)
        await bot.edit_message_media(
            media=photo, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )


@router.callback_query(MaterialCb.filter())
async def on_material(
    callback: CallbackQuery, callback_data: MaterialCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Price one piece in the standard lead time and show the quote card.

    From a quote card after Change (`quote` in the payload): keep that quote's quantity
    and lead tier, and replace it on the same card, so no caption names a stale choice.
    """
    await callback.answer()
    user = callback.from_user.id
    part_id, quantity, lead = callback_data.part, 1, DEFAULT_LEAD
    if callback_data.quote:
        current = await api.quote(user, callback_data.quote)
        part_id, quantity, lead = current.part_id, current.quantity, current.lead
    quote = await api.create_quote(
        user,
        part_id,
        process=callback_data.process,
        material=callback_data.material,
        quantity=quantity,
        lead=lead,
        chart=CHART_QUANTITIES,
        language=tr.language,
    )
    if callback_data.quote:
        await show_on_card(bot, tr, card=_card(callback), quote=quote)
        return
    assert callback.message is not None
    await send_quote_card(bot, tr, chat_id=callback.message.chat.id, quote=quote)


def _card(callback: CallbackQuery) -> tuple[int, int]:
    assert callback.message is not None
    return callback.message.chat.id, callback.message.message_id


@router.callback_query(QuoteCb.filter(F.action.in_({QuoteAction.QUANTITY, QuoteAction.LEAD})))
async def on_quantity_or_lead(
    callback: CallbackQuery, callback_data: QuoteCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """A preset quantity or a lead tier: reprice at once, on the same card."""
    await callback.answer()
    message = callback.message
    if isinstance(message, Message) and is_current(message.reply_markup, callback.data):
        return  # the card already shows it (and an unchanged card cannot be edited)
    quantity: int | None = None
    lead: Lead | None = None
    if callback_data.action == QuoteAction.QUANTITY:
        quantity = callback_data.value
    else:
        lead = LEADS[callback_data.value % len(LEADS)]
    await reprice(
        bot, api, tr, user=callback.from_user.id, card=_card(callback),
        quote_id=callback_data.quote, quantity=quantity, lead=lead,
    )  # fmt: skip


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.TYPE_QUANTITY))
async def on_type_quantity(
    callback: CallbackQuery, callback_data: QuoteCb, state: FSMContext, tr: Translator
) -> None:
    """Ask for a typed quantity; the answer reprices this card."""
    await callback.answer()
    chat_id, message_id = _card(callback)
    await state.set_state(QuoteStates.quantity)
    await state.update_data(quote=callback_data.quote, chat=chat_id, card=message_id)
    assert isinstance(callback.message, Message)
    await callback.message.answer(tr("ask_quantity"))


@router.message(QuoteStates.quantity, F.text)
async def on_typed_quantity(
    message: Message, state: FSMContext, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Reprice the card at the typed quantity."""
    assert message.text is not None and message.from_user is not None
    text = message.text.strip().replace(" ", "").replace(",", "").replace("_", "")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if not text.isdecimal() or not 1 <= int(text) <= MAX_QUANTITY:
        await message.answer(tr("bad_quantity"))
        return
    data = await state.get_data()
    await state.clear()
    card = (int(data["chat"]), int(data["card"]))
    quote = await reprice(
        bot, api, tr, user=message.from_user.id, card=card, quote_id=data["quote"],
        quantity=int(text),
    )  # fmt: skip
    await message.answer(tr("quantity_set", quantity=quote.quantity))


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.CHANGE))
async def on_change(
    callback: CallbackQuery, callback_data: QuoteCb, api: BackendClient, tr: Translator
) -> None:
    """Back to the processes, from a card sent before Change carried the part's id.

    Cards sent now answer Change in `handlers.parts.on_process` (one request).
    """
    await callback.answer()
    user = callback.from_user.id
    quote = await api.quote(user, callback_data.quote)
    comparison = await api.compare(user, quote.part_id, [1])
    catalog = await api.catalog()
    markup = process_keyboard(
        tr, quote.part_id, comparison, catalog, on_quote=True, quote_id=quote.id
    )
    assert isinstance(callback.message, Message)
    await callback.message.edit_reply_markup(reply_markup=markup)


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.DETAILS))
async def on_details(
    callback: CallbackQuery, callback_data: QuoteCb, api: BackendClient, tr: Translator
) -> None:
    """Every line of the quote and every process at its quantity, as a message."""
    await callback.answer()
    user = callback.from_user.id
    quote = await api.quote(user, callback_data.quote)
    comparison = await api.compare(user, quote.part_id, [quote.quantity], quote.lead)
    text = details_text(tr, quote, comparison, await api.catalog())
    assert isinstance(callback.message, Message)
    await callback.message.answer(text)


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.PDF))
async def on_pdf(
    callback: CallbackQuery, callback_data: QuoteCb, api: BackendClient, tr: Translator
) -> None:
    """The quote as the backend's PDF document, in the customer's language."""
    await callback.answer()
    quote_id = callback_data.quote
    pdf = await api.quote_document(callback.from_user.id, quote_id, tr.language)
    assert isinstance(callback.message, Message)
    await callback.message.answer_document(BufferedInputFile(pdf, f"quote-{quote_id}.pdf"))
