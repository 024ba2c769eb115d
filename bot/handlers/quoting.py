"""From a process and material to a quote card; every change of quantity or lead reprices.

The quote card is a photo: the part's price-against-quantity chart, with the price, ship
date, a short breakdown and a hint when another process is cheaper at a nearby quantity.
Its buttons carry the quote id, so the bot keeps no state between presses.
"""

from __future__ import annotations

from decimal import Decimal

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.api import BackendClient, Lead, Quote
from bot.callbacks import LEADS, MaterialCb, QuoteAction, QuoteCb
from bot.i18n import Translator
from bot.keyboards import process_keyboard, quote_keyboard
from bot.pdf import quote_pdf
from bot.render import hint_text, quote_caption
from bot.states import QuoteStates

router = Router(name=__name__)

CHART_QUANTITIES = [1, 5, 10, 25, 50, 100, 250, 500, 1000]
MAX_QUANTITY = 1_000_000


def nearby(quantity: int) -> list[int]:
    """The quantity and a few around it where another process might win."""
    around = {quantity, max(1, quantity // 2), quantity * 2, quantity * 5}
    return sorted(q for q in around if q <= MAX_QUANTITY)


async def cheaper_hint(api: BackendClient, tr: Translator, user: int, quote: Quote) -> str | None:
    """ "At 50 pcs SLS is cheaper": the first nearby quantity where another process wins."""
    quantities = nearby(quote.quantity)
    comparison = await api.compare(user, quote.part_id, quantities, quote.lead)
    prices = {
        (q.process, q.material, q.quantity): Decimal(q.unit_price)
        for q in comparison.quotes
        if q.feasible and q.unit_price is not None
    }
    for quantity in sorted(quantities, key=lambda q: abs(q - quote.quantity)):
        best = comparison.best.get(str(quantity))
        if best is None or best.process == quote.process:
            continue
        ours = prices.get((quote.process, quote.material, quantity))
        theirs = prices.get((best.process, best.material, quantity))
        if ours is not None and theirs is not None and theirs < ours:
            catalog = await api.catalog()
            return hint_text(
                tr,
                quantity=quantity,
                process=catalog.process_name(best.process),
                material=catalog.material_name(best.process, best.material),
                price=str(theirs),
                currency=comparison.currency,
            )
    return None


async def caption_for(api: BackendClient, tr: Translator, user: int, quote: Quote) -> str:
    """The quote card's caption, with the hint."""
    part = await api.part(user, quote.part_id)
    return quote_caption(tr, quote, part.filename, await cheaper_hint(api, tr, user, quote))


async def send_quote_card(
    bot: Bot, api: BackendClient, tr: Translator, *, chat_id: int, user: int, quote: Quote
) -> Message:
    """A new quote card: the chart for this part, the price and the buttons."""
    chart = await api.chart(user, quote.part_id, CHART_QUANTITIES, quote.lead)
    return await bot.send_photo(
        chat_id,
        BufferedInputFile(chart, "prices.png"),
        caption=await caption_for(api, tr, user, quote),
        reply_markup=quote_keyboard(tr, quote),
    )


async def reprice(
    bot: Bot,
    api: BackendClient,
    tr: Translator,
    *,
    user: int,
    card: tuple[int, int],
    old: Quote,
    quantity: int | None = None,
    lead: Lead | None = None,
) -> Quote:
    """A new quote like `old` with another quantity or lead, shown on the same card."""
    quote = await api.create_quote(
        user,
        old.part_id,
        process=old.process,
        material=old.material,
        quantity=quantity or old.quantity,
        lead=lead or old.lead,
    )
    chat_id, message_id = card
    await bot.edit_message_caption(
        chat_id=chat_id,
        message_id=message_id,
        caption=await caption_for(api, tr, user, quote),
        reply_markup=quote_keyboard(tr, quote),
    )
    return quote


@router.callback_query(MaterialCb.filter())
async def on_material(
    callback: CallbackQuery, callback_data: MaterialCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Price one piece in the standard lead time and show the quote card."""
    await callback.answer()
    user = callback.from_user.id
    quote = await api.create_quote(
        user,
        callback_data.part,
        process=callback_data.process,
        material=callback_data.material,
        quantity=1,
        lead="standard",
    )
    assert callback.message is not None
    await send_quote_card(bot, api, tr, chat_id=callback.message.chat.id, user=user, quote=quote)


def _card(callback: CallbackQuery) -> tuple[int, int]:
    assert callback.message is not None
    return callback.message.chat.id, callback.message.message_id


@router.callback_query(QuoteCb.filter(F.action.in_({QuoteAction.QUANTITY, QuoteAction.LEAD})))
async def on_quantity_or_lead(
    callback: CallbackQuery, callback_data: QuoteCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """A preset quantity or a lead tier: reprice at once, on the same card."""
    await callback.answer()
    user = callback.from_user.id
    old = await api.quote(user, callback_data.quote)
    quantity, lead = old.quantity, old.lead
    if callback_data.action == QuoteAction.QUANTITY:
        quantity = callback_data.value
    else:
        lead = LEADS[callback_data.value % len(LEADS)]
    if (quantity, lead) != (old.quantity, old.lead):  # an unchanged card cannot be edited
        await reprice(
            bot, api, tr, user=user, card=_card(callback), old=old, quantity=quantity, lead=lead
        )


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
    if not text.isdigit() or not 1 <= int(text) <= MAX_QUANTITY:
        await message.answer(tr("bad_quantity"))
        return
    data = await state.get_data()
    await state.clear()
    user = message.from_user.id
    old = await api.quote(user, data["quote"])
    card = (int(data["chat"]), int(data["card"]))
    quote = await reprice(bot, api, tr, user=user, card=card, old=old, quantity=int(text))
    await message.answer(tr("quantity_set", quantity=quote.quantity))


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.CHANGE))
async def on_change(
    callback: CallbackQuery, callback_data: QuoteCb, api: BackendClient, tr: Translator
) -> None:
    """Back to the processes (a new choice makes a new card)."""
    await callback.answer()
    user = callback.from_user.id
    quote = await api.quote(user, callback_data.quote)
    comparison = await api.compare(user, quote.part_id, [1])
    markup = process_keyboard(tr, quote.part_id, comparison, await api.catalog(), on_quote=True)
    assert isinstance(callback.message, Message)
    await callback.message.edit_reply_markup(reply_markup=markup)


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.PDF))
async def on_pdf(
    callback: CallbackQuery, callback_data: QuoteCb, api: BackendClient, tr: Translator
) -> None:
    """The quote as a PDF document."""
    await callback.answer()
    user = callback.from_user.id
    quote = await api.quote(user, callback_data.quote)
    part = await api.part(user, quote.part_id)
    pdf = await quote_pdf(tr, quote, part.filename)
    assert isinstance(callback.message, Message)
    await callback.message.answer_document(BufferedInputFile(pdf, f"quote-{quote.id}.pdf"))
