"""A CAD file arrives: analyse it in the backend, then show the part card.

The "analysing…" message appears at once and is edited while the backend measures the
file; the part card is a photo (the thumbnail) whose buttons ask for the units when they
are in doubt, else offer the processes.
"""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)

from bot.api import BackendClient, BackendError, BackendUnavailable, Part
from bot.callbacks import InfeasibleCb, ProcessCb, UnitsCb
from bot.config import BotConfig
from bot.handlers.quoting import CHART_QUANTITIES, send_quote_card
from bot.i18n import Translator
from bot.keyboards import link_keyboard, material_keyboard, process_keyboard, units_keyboard
from bot.render import esc, part_caption, with_footer
from bot.review_keyboards import all_refused, with_ask_person
from bot.revision_card import replied_card, revision_notes
from vocabulary import DEFAULT_LEAD

router = Router(name=__name__)

#: The Bot API lets a bot download files up to this size.
DOWNLOAD_LIMIT = 20 * 1024 * 1024
EDIT_EVERY = 2.0  # seconds between "analysing… N s" edits (well under flood limits)


@router.message(F.document)
async def on_document(
    message: Message,
    *,
    bot: Bot,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
    state: FSMContext,
) -> None:
    """Receive a file: too large → an upload link; else measure it and show the card.

    A new file cancels a question still waiting for typed text ("Other quantity"): the
    next number typed must not reprice an earlier part.
    """
    assert message.document is not None and message.from_user is not None
    await state.clear()
    document = message.document
    name = document.file_name or "part"
    user = message.from_user.id
    if (document.file_size or 0) > DOWNLOAD_LIMIT:
        link = await api.upload_link(user)
        await message.answer(
            tr(
                "too_big",
                name=esc(name),
                size=round((document.file_size or 0) / 1024 / 1024, 1),
                expires=link.expires_at[:16].replace("T", " "),
            ),
            reply_markup=link_keyboard(tr("upload_button"), link.url),
        )
        return
    status = await message.answer(tr("analysing", name=esc(name)))
    try:
        data = await bot.download(document)
        assert data is not None
        replied = await replied_card(api, user, message)
        part = await api.upload_part(
            user, name, data.read(), revision_of=replied.part_id if replied else None
        )
    except BackendUnavailable:
        await status.edit_text(tr("unavailable"))  # the spinner never stays beside an error
        return
    except BackendError as error:
        reason = tr.backend_error(error.code, error.message)
        await status.edit_text(tr("analysis_failed", name=esc(name), message=esc(reason)))
        return
    await follow_part(
        bot, api, config=config, tr=tr, status=status, user=user, part=part,
        quote_id=replied.quote_id if replied else None,
    )  # fmt: skip


async def follow_part(
    bot: Bot,
    api: BackendClient,
    *,
    config: BotConfig,
    tr: Translator,
    status: Message,
    user: int,
    part: Part,
    quote_id: str | None = None,
) -> None:
    """Wait for the analysis, editing `status` as it runs, then send the part card.

    A revision's card also shows what changed and the price of the previous choice
    (`quote_id`, the quote card replied to, else the previous revision's latest quote),
    whose new quote card follows.
    """
    name = esc(part.filename)
    part = await wait_measured(api, config, user, part, status=status, tr=tr)
    if part.status == "pending":
        await status.edit_text(tr("analysis_slow", name=name))
        return
    if part.status == "failed":
        await status.edit_text(tr("analysis_failed", name=name, message=esc(failure(tr, part))))
        return
    await status.edit_text(tr("analysed", name=name))
    notes = await revision_notes(
        api, tr, user=user, part=part, chart=CHART_QUANTITIES, quote_id=quote_id
    )
    chat_id = status.chat.id
    await send_part_card(bot, api, tr, chat_id=chat_id, user=user, part=part, extra=notes.text)
    if notes.quote is not None:
        await send_quote_card(bot, tr, chat_id=chat_id, quote=notes.quote)


def failure(tr: Translator, part: Part) -> str:
    """Why the part could not be measured, in the user's language (by the error's code)."""
    if part.error is None:
        return ""
    return tr.geometry_error(part.error.code, part.error.message)


async def wait_measured(
    api: BackendClient,
    config: BotConfig,
    user: int,
    part: Part,
    *,
    status: Message | None,
    tr: Translator,
) -> Part:
    """The part once measured (or still pending after `analysis_timeout`)."""
    loop = asyncio.get_running_loop()
    started = last_edit = loop.time()
    while part.status == "pending" and loop.time() - started < config.analysis_timeout:
        await asyncio.sleep(config.status_every)
        part = await api.part(user, part.id)
        if (
            status is not None
            and part.status == "pending"
            and loop.time() - last_edit >= EDIT_EVERY
        ):
            last_edit = loop.time()
            seconds = int(last_edit - started)
            await status.edit_text(tr("analysing_for", name=esc(part.filename), seconds=seconds))
    return part


def units_in_doubt(part: Part) -> bool:
    """The sizes are implausible in mm and the customer has not said which unit they meant."""
    return part.units is None and part.report is not None and part.report.units_suspect is not None


async def card_markup(
    api: BackendClient, tr: Translator, user: int, part: Part, extra: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    """The part card's caption and buttons: the units question first, else the processes.

    `extra` (a revision's changes) follows the measurements.
    """
    caption = part_caption(tr, part) + (f"\n\n{extra}" if extra else "")
    if units_in_doubt(part):
        return with_footer(caption, tr("units_question")), units_keyboard(tr, part.id)
    comparison = await api.compare(user, part.id, [1])
    markup = process_keyboard(tr, part.id, comparison, await api.catalog())
    if all_refused(comparison):  # no dead end: a person can still find a way
        markup = with_ask_person(tr, part.id, markup)
    return with_footer(caption, tr("choose_process")), markup


async def send_part_card(
    bot: Bot,
    api: BackendClient,
    tr: Translator,
    *,
    chat_id: int,
    user: int,
    part: Part,
    extra: str = "",
) -> Message:
    """The thumbnail with the part's measurements (and `extra`) and the next question."""
    thumbnail = await api.thumbnail(user, part.id)
    caption, markup = await card_markup(api, tr, user, part, extra)
    return await bot.send_photo(
        chat_id,
        BufferedInputFile(thumbnail, "part.png"),
        caption=caption,
        reply_markup=markup,
    )


@router.callback_query(UnitsCb.filter())
async def on_units(
    callback: CallbackQuery,
    callback_data: UnitsCb,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
) -> None:
    """The customer confirmed the unit: measure again in it, then offer the processes.

    The picture is replaced too: it writes the size in the confirmed unit.
    """
    user = callback.from_user.id
    await callback.answer()
    part = await api.set_units(user, callback_data.part, callback_data.units)
    part = await wait_measured(api, config, user, part, status=None, tr=tr)
    assert isinstance(callback.message, Message)
    if part.status != "ready":
        await callback.message.edit_caption(
            caption=tr("analysis_failed", name=esc(part.filename), message=esc(failure(tr, part)))
        )
        return
    caption, markup = await card_markup(api, tr, user, part)
    thumbnail = BufferedInputFile(await api.thumbnail(user, part.id), "part.png")
    await callback.message.edit_media(
        media=InputMediaPhoto(media=thumbnail, caption=caption), reply_markup=markup
    )


@router.callback_query(ProcessCb.filter())
async def on_process(
    callback: CallbackQuery, callback_data: ProcessCb, api: BackendClient, tr: Translator
) -> None:
    """Show the materials of a process (or, with no process, the process list again).

    On the part card the question under the measurements follows the step; on a quote
    card (after Change) only the buttons change, priced at the card's quantity and lead.
    """
    await callback.answer()
    user, part_id, process = callback.from_user.id, callback_data.part, callback_data.process
    quote_id, quantity, lead = callback_data.quote, 1, DEFAULT_LEAD
    if quote_id:
        current = await api.quote(user, quote_id)
        part_id, quantity, lead = current.part_id, current.quantity, current.lead
    comparison = await api.compare(user, part_id, [quantity], lead)
    catalog = await api.catalog()
    on_quote = callback_data.on_quote
    if process:
        markup = material_keyboard(
            tr, part_id, process, comparison, catalog, on_quote=on_quote, quote_id=quote_id
        )
        name = catalog.process_name(process, tr.language)
        question = tr("choose_material", process=esc(name))
    else:
        markup = process_keyboard(
            tr, part_id, comparison, catalog, on_quote=on_quote, quote_id=quote_id
        )
        question = tr("choose_process")
    assert isinstance(callback.message, Message)
    if on_quote:
        await callback.message.edit_reply_markup(reply_markup=markup)
        return
    caption = part_caption(tr, await api.part(user, part_id))
    await callback.message.edit_caption(caption=with_footer(caption, question), reply_markup=markup)


@router.callback_query(InfeasibleCb.filter())
async def on_infeasible(
    callback: CallbackQuery, callback_data: InfeasibleCb, api: BackendClient, tr: Translator
) -> None:
    """Explain why this process or material cannot make the part, in the user's language."""
    comparison = await api.compare(callback.from_user.id, callback_data.part, [1])
    reasons = [
        tr.reason(reason.code, reason.message, reason.args)
        for quote in comparison.quotes
        if quote.process == callback_data.process
        and (not callback_data.material or quote.material == callback_data.material)
        for reason in quote.reason_details
    ]
    text = "; ".join(dict.fromkeys(reasons)) or "—"
    await callback.answer(text[:200], show_alert=True)
