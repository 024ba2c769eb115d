"""The profile questions, asked once and reused: only what is missing, each answer checked.

name → company [Skip] → e-mail → phone (the contact button, or typed) → VAT ID [Skip]. Each
answer is saved at once through the backend, which checks it; a refused one gets the
backend's reason and the same question again, so nothing already given is lost.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot import checkout_resume
from bot.api import BackendClient, BackendError
from bot.config import BotConfig
from bot.i18n import Translator
from bot.profile_api import Profile
from bot.profile_card import (
    FIELDS,
    OPTIONAL,
    ProfileAction,
    ProfileCb,
    button,
    profile_keyboard,
    profile_text,
)
from bot.states import ProfileStates

router = Router(name=__name__)

#: The longest answer sent on (the backend bounds every field; longer is cut, then refused).
MAX_ANSWER = 200


async def ask_profile(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    *,
    config: BotConfig,
    resume: str | None = None,
) -> None:
    """Ask the customer in `message.chat` what their profile lacks, then go on with `resume`.

    With a complete profile nothing is asked. Without `resume` the profile card is shown at
    the end; with it, `bot.checkout_resume.resume` goes on with the checkout.
    """
    profile = await api.profile(message.chat.id)
    fields = [] if profile.complete else [f for f in FIELDS if not getattr(profile, f)]
    await ask_fields(message, state, api, tr, fields, config=config, resume=resume)


async def ask_fields(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    fields: list[str],
    *,
    config: BotConfig,
    resume: str | None,
) -> None:
    """Ask `fields` one by one (an edit asks one); with none left, finish."""
    await state.set_state(ProfileStates.field)
    await state.update_data(pf_fields=fields, pf_resume=resume)
    await _next(message, state, api, tr, config)


async def _next(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    data = await state.get_data()
    fields: list[str] = data["pf_fields"]
    if fields:
        await _question(message, tr, fields[0])
        return
    await state.set_state(None)
    resume = data.get("pf_resume")
    if resume:
        await checkout_resume.resume(resume, message, state, api, tr, config=config)
    else:
        await show_profile(message, api, tr)


async def _question(message: Message, tr: Translator, field: str) -> None:
    if field == "phone":
        share = KeyboardButton(text=tr("profile_share_phone"), request_contact=True)
        keyboard = ReplyKeyboardMarkup(
            keyboard=[[share]], resize_keyboard=True, one_time_keyboard=True
        )
        await message.answer(tr("profile_ask_phone"), reply_markup=keyboard)
        return
    markup = None
    if field in OPTIONAL:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[button(tr("profile_skip"), ProfileAction.SKIP)]]
        )
    await message.answer(tr(f"profile_ask_{field}"), reply_markup=markup)


async def show_profile(message: Message, api: BackendClient, tr: Translator) -> Profile:
    """Send the profile card with its buttons."""
    profile = await api.profile(message.chat.id)
    await message.answer(profile_text(tr, profile), reply_markup=profile_keyboard(tr, profile))
    return profile


async def _answer(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    value: str | None,
    *,
    config: BotConfig,
) -> None:
    """Save the answer to the question asked now (None: skipped), then ask the next."""
    data = await state.get_data()
    fields: list[str] = list(data["pf_fields"])
    if not fields:
        return
    field = fields[0]
    if value is not None:
        try:
            profile = await api.update_profile(message.chat.id, **{field: value[:MAX_ANSWER]})
        except BackendError as error:
            if error.status != 422:  # a refused answer; anything else is for the error handler
                raise
            await message.answer(tr.backend_error(error.code, error.message))
            await _question(message, tr, field)
            return
        if field == "phone":
            await message.answer(
                tr("profile_phone_saved", phone=profile.phone), reply_markup=ReplyKeyboardRemove()
            )
    await state.update_data(pf_fields=fields[1:])
    await _next(message, state, api, tr, config)


@router.message(ProfileStates.field, F.contact)
async def on_contact(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    """The shared contact's number, if it is the customer's own."""
    assert message.contact is not None and message.from_user is not None
    fields = (await state.get_data()).get("pf_fields", [])
    if not fields or fields[0] != "phone":  # a contact is no answer to another question
        return
    if message.contact.user_id != message.from_user.id:
        await message.answer(tr("profile_not_own_contact"))
        return
    await _answer(message, state, api, tr, message.contact.phone_number, config=config)


@router.message(ProfileStates.field, F.text, ~F.text.startswith("/"))
async def on_text(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    """A typed answer."""
    assert message.text is not None
    await _answer(message, state, api, tr, message.text, config=config)


@router.callback_query(ProfileStates.field, ProfileCb.filter(F.action == ProfileAction.SKIP))
async def on_skip(
    callback: CallbackQuery,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    config: BotConfig,
) -> None:
    """Skip the optional question asked now."""
    await callback.answer()
    data = await state.get_data()
    fields: list[str] = data.get("pf_fields", [])
    if fields and fields[0] in OPTIONAL and isinstance(callback.message, Message):
        await _answer(callback.message, state, api, tr, None, config=config)
