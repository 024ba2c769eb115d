"""Specifications on a quote card: threads, tolerance, finish, colour, inserts, first article.

The step ends with a free-text note.

Never forced: the card's "Specifications" button starts the step, and "Done" returns to
the card's own buttons at any question. Each choice reprices the card with one requote
(a thread also reads the quote and the part, for the threads chosen and the holes), and
the card's caption lists the specifications with the next question below them.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError, CatalogProcess, Quote, ThreadCandidate
from bot.callbacks import QuoteAction, QuoteCb, SpecCb, SpecStep
from bot.first_article_api import CatalogFirstArticle
from bot.i18n import Translator
from bot.keyboards import quote_keyboard
from bot.render import with_footer
from bot.review_render import card_caption
from bot.spec_keyboards import Question, Stage, colours_for, insert_counts, next_question
from bot.states import SpecStates

router = Router(name=__name__)

#: The longest note the backend keeps; longer typed text is cut to it.
MAX_NOTE = 500
#: After each choice, the stage asked next.
AFTER = {
    SpecStep.TOLERANCE: Stage.FINISH,
    SpecStep.FINISH: Stage.COLOUR,
    SpecStep.COLOUR: Stage.INSERTS,
    SpecStep.INSERT_COUNT: Stage.FIRST_ARTICLE,
    SpecStep.FIRST_ARTICLE: Stage.NOTE,
}


class StaleChoice(BackendError):
    """The button names an option the rate card no longer has (it changed since)."""

    def __init__(self, tr: Translator) -> None:
        super().__init__("stale_button", tr("stale_button"))


def _card(callback: CallbackQuery) -> tuple[int, int]:
    assert callback.message is not None
    return callback.message.chat.id, callback.message.message_id


async def _process(api: BackendClient, tr: Translator, process_id: str) -> CatalogProcess:
    process = (await api.catalog()).process(process_id)
    if process is None:
        raise StaleChoice(tr)
    return process


async def _offer(api: BackendClient) -> CatalogFirstArticle | None:
    """The shop's first-article terms (the catalog is cached: no request after the first)."""
    return (await api.catalog()).first_article


async def _read(
    api: BackendClient, tr: Translator, user: int, quote_id: str
) -> tuple[Quote, CatalogProcess, list[ThreadCandidate]]:
    """The quote, its process in the catalog and the part's holes drilled for threads."""
    quote = await api.quote(user, quote_id)
    process = await _process(api, tr, quote.process)
    if not process.threads:
        return quote, process, []
    report = (await api.part(user, quote.part_id)).report
    return quote, process, report.thread_candidates if report is not None else []


async def _show(
    bot: Bot, tr: Translator, card: tuple[int, int], quote: Quote, question: Question | None
) -> None:
    """The card with its price and specifications, and the question (None: its own buttons)."""
    caption = card_caption(tr, quote)  # a quote in review shows its range and reasons
    markup = quote_keyboard(tr, quote)
    if question is not None:
        caption, markup = with_footer(caption, f"❓ {question.text}"), question.markup
    chat_id, message_id = card
    await bot.edit_message_caption(
        chat_id=chat_id, message_id=message_id, caption=caption, reply_markup=markup
    )


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.SPECS))
async def on_specs(
    callback: CallbackQuery, callback_data: QuoteCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Start the step at its first question (threads when the part has holes for them)."""
    await callback.answer()
    quote, process, candidates = await _read(api, tr, callback.from_user.id, callback_data.quote)
    question = next_question(tr, quote, process, candidates, Stage.THREADS, offer=await _offer(api))
    await _show(bot, tr, _card(callback), quote, question)


def _body(
    tr: Translator, data: SpecCb, process: CatalogProcess, quote: Quote | None
) -> dict[str, Any]:
    """The requote's body for a choice of tolerance, finish, colour or inserts."""
    try:
        if data.step == SpecStep.TOLERANCE:
            return {"tolerance": process.tolerances[data.value].id}
        if data.step == SpecStep.FINISH:
            finish = None if data.value == 0 else process.finishes[data.value - 1].id
            return {"finish": finish, "colour": None}  # each finish has its own colours
        if data.step == SpecStep.COLOUR:
            assert quote is not None
            return {"colour": colours_for(quote, process)[data.value]}
        if data.step == SpecStep.FIRST_ARTICLE:
            return {"first_article": bool(data.value)}
        size = process.inserts[data.value]
    except IndexError:
        raise StaleChoice(tr) from None
    return {"inserts": [{"size": size, "count": data.count}] if data.count else []}


@router.callback_query(SpecCb.filter(F.step.in_(set(AFTER))))
async def on_choice(
    callback: CallbackQuery, callback_data: SpecCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Reprice with the choice (one request; a colour reads the quote first), ask the next."""
    await callback.answer()
    user = callback.from_user.id
    process = await _process(api, tr, callback_data.process)
    # Colours are the finish's or the material's: the quote says which it has.
    old = (
        await api.quote(user, callback_data.quote)
        if callback_data.step == SpecStep.COLOUR
        else None
    )
    quote = await api.requote(
        user, callback_data.quote, specs=_body(tr, callback_data, process, old)
    )
    question = next_question(
        tr, quote, process, [], AFTER[callback_data.step], offer=await _offer(api)
    )
    await _show(bot, tr, _card(callback), quote, question)


@router.callback_query(SpecCb.filter(F.step.in_({SpecStep.THREAD_YES, SpecStep.THREAD_NO})))
async def on_thread(
    callback: CallbackQuery, callback_data: SpecCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Tap these holes (adding to the threads chosen) or not; then the next group of holes."""
    await callback.answer()
    user = callback.from_user.id
    quote, process, candidates = await _read(api, tr, user, callback_data.quote)
    if callback_data.step == SpecStep.THREAD_YES:
        if not 0 <= callback_data.value < len(candidates):
            raise StaleChoice(tr)
        hole = candidates[callback_data.value]
        rows = [{"size": r.size, "count": r.count} for r in quote.threads if r.size != hole.thread]
        rows.append({"size": hole.thread, "count": hole.count})
        quote = await api.requote(user, quote.id, specs={"threads": rows})
    after = callback_data.value + 1
    await _show(
        bot,
        tr,
        _card(callback),
        quote,
        next_question(
            tr, quote, process, candidates, Stage.THREADS, index=after, offer=await _offer(api)
        ),
    )


@router.callback_query(SpecCb.filter(F.step == SpecStep.INSERT))
async def on_insert_size(
    callback: CallbackQuery, callback_data: SpecCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """An insert size: ask how many."""
    await callback.answer()
    quote = await api.quote(callback.from_user.id, callback_data.quote)
    process = await _process(api, tr, quote.process)
    if not 0 <= callback_data.value < len(process.inserts):
        raise StaleChoice(tr)
    size = process.inserts[callback_data.value]
    await _show(
        bot, tr, _card(callback), quote, insert_counts(tr, quote, size, callback_data.value)
    )


@router.callback_query(SpecCb.filter(F.step.in_({SpecStep.SKIP, SpecStep.DONE})))
async def on_skip_or_done(
    callback: CallbackQuery, callback_data: SpecCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """The next stage's question, or (Done) the card's own buttons again."""
    await callback.answer()
    quote = await api.quote(callback.from_user.id, callback_data.quote)
    question = None
    if callback_data.step == SpecStep.SKIP:
        process = await _process(api, tr, quote.process)
        question = next_question(
            tr, quote, process, [], Stage(min(callback_data.value, Stage.NOTE)),
            offer=await _offer(api),
        )  # fmt: skip
    await _show(bot, tr, _card(callback), quote, question)


@router.callback_query(SpecCb.filter(F.step == SpecStep.NOTE))
async def on_note(
    callback: CallbackQuery, callback_data: SpecCb, state: FSMContext, tr: Translator
) -> None:
    """Ask for the note; the text typed next goes to this card."""
    await callback.answer()
    chat_id, message_id = _card(callback)
    await state.set_state(SpecStates.note)
    await state.update_data(quote=callback_data.quote, chat=chat_id, card=message_id)
    assert isinstance(callback.message, Message)
    await callback.message.answer(tr("spec_ask_note", limit=MAX_NOTE))


@router.message(SpecStates.note, F.text)
async def on_typed_note(
    message: Message, state: FSMContext, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """Reprice the card with the note (cut to the longest kept) and show its own buttons."""
    assert message.text is not None and message.from_user is not None
    data = await state.get_data()
    await state.clear()
    card = (int(data["chat"]), int(data["card"]))
    quote = await api.requote(
        message.from_user.id, data["quote"], specs={"note": message.text[:MAX_NOTE]}
    )
    await _show(bot, tr, card, quote, None)
    await message.answer(tr("spec_note_saved"))
