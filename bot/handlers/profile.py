"""`/profile`: the customer's details and addresses, with buttons to change them."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.address_flow import ask_address
from bot.api import BackendClient
from bot.config import BotConfig
from bot.i18n import Translator
from bot.profile_card import FIELDS, ProfileAction, ProfileCb, profile_keyboard, profile_text
from bot.profile_flow import ask_fields, ask_profile, show_profile

router = Router(name=__name__)


@router.message(Command("profile"))
async def on_profile(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    """Show the profile; one not yet complete is asked for first (only what is missing)."""
    await state.clear()
    profile = await api.profile(message.chat.id)
    if profile.complete:
        await show_profile(message, api, tr)
    else:
        await ask_profile(message, state, api, tr, config=config)


@router.callback_query(ProfileCb.filter(F.action == ProfileAction.EDIT))
async def on_edit(
    callback: CallbackQuery,
    callback_data: ProfileCb,
    *,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    config: BotConfig,
) -> None:
    """Ask one field again."""
    await callback.answer()
    if isinstance(callback.message, Message) and callback_data.value in FIELDS:
        field = [callback_data.value]
        await ask_fields(callback.message, state, api, tr, field, config=config, resume=None)


@router.callback_query(ProfileCb.filter(F.action == ProfileAction.ADD_ADDRESS))
async def on_add_address(
    callback: CallbackQuery,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    config: BotConfig,
) -> None:
    """Ask for a new address."""
    await callback.answer()
    if isinstance(callback.message, Message):
        await ask_address(callback.message, state, api, tr, config=config)


@router.callback_query(
    ProfileCb.filter(F.action.in_({ProfileAction.DEFAULT, ProfileAction.REMOVE}))
)
async def on_address_button(
    callback: CallbackQuery, callback_data: ProfileCb, api: BackendClient, tr: Translator
) -> None:
    """Make an address the default or remove it; the card shows the result."""
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    user = callback.from_user.id
    if callback_data.action == ProfileAction.DEFAULT:
        profile = await api.default_address(user, callback_data.value)
    else:
        profile = await api.remove_address(user, callback_data.value)
    await callback.message.edit_text(
        profile_text(tr, profile), reply_markup=profile_keyboard(tr, profile)
    )
