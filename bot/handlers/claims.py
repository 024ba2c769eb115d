"""Claims after delivery: `/claim N`, or the delivered message's button, then a sentence.

The claim goes to the backend (`POST /orders/{id}/claims`), which checks the order is the
customer's, delivered, and within the card's window; photos sent after it are added to the
claim (`POST /orders/{id}/photos`, stage `claim`). The staff group hears of the claim through
the event feed (`bot.claim_events`), and the customer hears the decision the same way.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError, Order
from bot.callbacks import ClaimCb
from bot.handlers.tracking import order_named
from bot.i18n import Translator
from bot.render import esc
from bot.states import ClaimStates

router = Router(name=__name__)
#: Refusals of a claim photo the customer can act on (another photo, or none).
PHOTO_REFUSALS = {"too_many_photos", "not_an_image", "photo_too_large", "no_open_claim"}


@router.message(Command("claim"))
async def claim_command(
    message: Message, command: CommandObject, state: FSMContext, api: BackendClient,
    tr: Translator,
) -> None:  # fmt: skip
    """`/claim 12`: ask what is wrong with one of the customer's orders."""
    order = await order_named(message, command, api, tr, "claim_usage")
    if order is not None:
        await _ask(message, state, tr, order)


@router.callback_query(ClaimCb.filter())
async def claim_button(
    callback: CallbackQuery, callback_data: ClaimCb, state: FSMContext, api: BackendClient,
    tr: Translator,
) -> None:  # fmt: skip
    """The delivered message's "Report a problem": ask what is wrong."""
    await callback.answer()
    order = await api.order(callback_data.order, user=callback.from_user.id)
    assert isinstance(callback.message, Message)
    await _ask(callback.message, state, tr, order)


async def _ask(message: Message, state: FSMContext, tr: Translator, order: Order) -> None:
    if order.status != "delivered":  # the backend refuses it too; say so before the typing
        await message.answer(tr("claim_not_delivered", number=order.number))
        return
    await state.set_state(ClaimStates.text)
    await state.update_data(claim_order=order.id)
    await message.answer(tr("claim_ask", number=order.number))


@router.message(ClaimStates.text, F.text)
async def claim_text(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator
) -> None:
    """The customer's sentence: open the claim (a malformed one may be typed again)."""
    assert message.from_user is not None and message.text is not None
    order_id = str((await state.get_data())["claim_order"])
    try:
        claim = await api.open_claim(message.from_user.id, order_id, message.text)
    except BackendError as error:
        if error.code == "invalid_request":  # too short or too long: the state stays
            await message.answer(tr("error", message=esc(error.message)))
            return
        await state.clear()
        raise
    await state.set_state(ClaimStates.photos)  # photos of it may follow
    await message.answer(tr("claim_opened", number=claim.order_number))


@router.message(ClaimStates.photos, F.photo)
async def claim_photo(
    message: Message, state: FSMContext, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """A photo after the claim's sentence: added to the claim (the largest size Telegram has)."""
    assert message.from_user is not None and message.photo is not None
    order_id = str((await state.get_data())["claim_order"])
    fetched = await bot.download(message.photo[-1])
    assert fetched is not None
    try:
        await api.add_claim_photo(message.from_user.id, order_id, fetched.read(), message.caption)
    except BackendError as error:
        if error.code not in PHOTO_REFUSALS:
            raise
        await message.answer(tr("error", message=esc(tr.backend_error(error.code, error.message))))
        return
    await message.answer(tr("claim_photo_added"))


@router.message(ClaimStates.text)
async def claim_not_text(message: Message, tr: Translator) -> None:
    """A sticker or a file while the bot waits for words."""
    await message.answer(tr("claim_text_only"))
