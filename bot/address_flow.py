"""The address questions: recipient → street → line 2 [Skip] → postcode → city → country.

Answers gather in the FSM data (`ad`); the backend checks the whole address once the
country is known. A refused field is dropped and asked again, the others stay.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import checkout_resume
from bot.api import BackendClient, BackendError
from bot.config import BotConfig
from bot.i18n import Translator
from bot.profile_card import ProfileAction, ProfileCb, button
from bot.profile_flow import show_profile
from bot.states import AddressStates
from vocabulary.countries import country_name, parse_country

router = Router(name=__name__)

#: The address's fields in the order they are asked.
STEPS = ("recipient", "line1", "line2", "postcode", "city", "country")
#: The longest answer a field takes (the backend's bound for a name or a line).
MAX_FIELD = 100
#: Country buttons offered first: the shop's most usual destinations.
COMMON_COUNTRIES = ("DE", "AT", "NL", "FR", "PL", "CH", "GB", "IT")
#: Which field a refusal is about, by the backend's code.
REFUSED_FIELD = {"invalid_postcode": "postcode", "country_not_shipped": "country"}


async def ask_address(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    *,
    config: BotConfig,
    resume: str | None = None,
) -> None:
    """Ask the customer in `message.chat` for a new shipping address, then go on with `resume`.

    Without `resume` the profile card is shown at the end; with it,
    `bot.checkout_resume.resume` goes on with the checkout.
    """
    await state.set_state(AddressStates.field)
    await state.update_data(ad={}, ad_resume=resume)
    await _next(message, state, api, tr, config)


def _missing(answers: dict[str, str]) -> str | None:
    return next((step for step in STEPS if step not in answers), None)


async def _next(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    data = await state.get_data()
    answers: dict[str, str] = data["ad"]
    step = _missing(answers)
    if step is not None:
        await _question(message, api, tr, step)
        return
    try:
        await api.add_address(message.chat.id, answers)
    except BackendError as error:
        if error.status != 422:  # a refused address; anything else is for the error handler
            raise
        # A refusal about one field drops that answer; any other asks the whole address again.
        field = REFUSED_FIELD.get(error.code, STEPS[0])
        kept = {k: v for k, v in answers.items() if k != field and field in REFUSED_FIELD.values()}
        await state.update_data(ad=kept)
        await message.answer(tr.backend_error(error.code, error.message))
        await _question(message, api, tr, field)
        return
    await state.set_state(None)
    await message.answer(tr("address_saved"))
    resume = data.get("ad_resume")
    if resume:
        await checkout_resume.resume(resume, message, state, api, tr, config=config)
    else:
        await show_profile(message, api, tr)


async def _question(message: Message, api: BackendClient, tr: Translator, step: str) -> None:
    rows = []
    if step == "recipient":
        name = (await api.profile(message.chat.id)).name
        if name:
            rows.append([button(tr("address_use_name", name=name[:40]), ProfileAction.USE_NAME)])
    elif step == "line2":
        rows.append([button(tr("profile_skip"), ProfileAction.SKIP)])
    elif step == "country":
        buttons = [
            button(country_name(code, tr.language), ProfileAction.COUNTRY, code)
            for code in COMMON_COUNTRIES
        ]
        rows += [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
    await message.answer(tr(f"address_ask_{step}"), reply_markup=markup)


async def _answer(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    value: str,
    *,
    config: BotConfig,
) -> None:
    data: dict[str, Any] = await state.get_data()
    answers: dict[str, str] = dict(data["ad"])
    step = _missing(answers)
    if step is None:
        return
    await state.update_data(ad={**answers, step: value})
    await _next(message, state, api, tr, config)


@router.message(AddressStates.field, F.text, ~F.text.startswith("/"))
async def on_text(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    """A typed answer: checked for length here (and the country read), the rest by the backend."""
    assert message.text is not None
    text = " ".join(message.text.split())
    step = _missing((await state.get_data())["ad"])
    if len(text) > MAX_FIELD or not text or not text.isprintable():
        await message.answer(tr("profile_too_long", limit=MAX_FIELD))
        await _question(message, api, tr, step or STEPS[0])
        return
    if step == "country":
        code = parse_country(text)
        if code is None:
            await message.answer(tr("address_bad_country"))
            await _question(message, api, tr, step)
            return
        text = code
    await _answer(message, state, api, tr, text, config=config)


@router.callback_query(AddressStates.field, ProfileCb.filter())
async def on_button(
    callback: CallbackQuery,
    callback_data: ProfileCb,
    *,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    config: BotConfig,
) -> None:
    """Skip line 2, take the profile's name as recipient, or a country button."""
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    message = callback.message
    step = _missing((await state.get_data())["ad"])
    action = callback_data.action
    if step == "line2" and action == ProfileAction.SKIP:
        await _answer(message, state, api, tr, "", config=config)
    elif step == "recipient" and action == ProfileAction.USE_NAME:
        name = (await api.profile(message.chat.id)).name
        await _answer(message, state, api, tr, name, config=config)
    elif step == "country" and action == ProfileAction.COUNTRY:
        await _answer(message, state, api, tr, callback_data.value, config=config)
