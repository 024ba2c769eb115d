"""The driver API over HTTP under `/_emulator/`, for the chat page and out-of-process tests."""

from __future__ import annotations

import contextlib
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from bot.emulator.checkout import PaymentResult, ShippingStep
from bot.emulator.driver import Button, ChatMessage, World
from bot.emulator.payments import CURRENCIES, PRE_CHECKOUT_DEADLINE, Notice, money
from bot.emulator.state import ApiCall, CallbackAnswer, DriverError
from bot.emulator.types import (
    CallbackQuery,
    Chat,
    Message,
    OrderInfo,
    ShippingAddress,
    Update,
    User,
)

LONG_POLL_LIMIT = 30.0  # seconds a page may wait for news


class Wire(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Base of the driver's JSON bodies: a misspelt field is an error."""


class NewUser(Wire):
    """POST /_emulator/users."""

    first_name: str
    username: str | None = None
    language_code: str | None = "en"


class NewGroup(Wire):
    """POST /_emulator/groups."""

    title: str
    member_ids: list[int]
    creator_id: int | None = None


class NewText(Wire):
    """POST /_emulator/chats/{chat_id}/messages."""

    user_id: int
    text: str


class Press(Wire):
    """POST /_emulator/chats/{chat_id}/presses: by callback_data or by the button's label."""

    user_id: int
    message_id: int
    callback_data: str | None = None
    text: str | None = None


class Flood(Wire):
    """PUT /_emulator/flood: sends per second per chat, or null for no limit."""

    limit_per_second: float | None


class PayForm(Wire):
    """POST /_emulator/chats/{chat_id}/payments: the payment form as the user filled it."""

    user_id: int
    message_id: int
    shipping_address: ShippingAddress | None = None
    shipping_option: str | None = None
    order_info: OrderInfo | None = None
    timeout: float = PRE_CHECKOUT_DEADLINE


class AddressForm(Wire):
    """POST /_emulator/chats/{chat_id}/shipping-options: an address to price."""

    user_id: int
    message_id: int
    shipping_address: ShippingAddress
    timeout: float = PRE_CHECKOUT_DEADLINE


class Decline(Wire):
    """POST /_emulator/payments/declines: the provider refuses the next charge."""

    reason: str = "Card declined"


class WireInvoice(Wire):
    """An invoice as the page shows it: the total in words, and what the form asks."""

    title: str
    description: str
    currency: str
    total_amount: int
    total: str
    digits: int  # of the currency's minor unit, for the page's sums
    need_name: bool
    need_phone_number: bool
    need_email: bool
    need_shipping_address: bool
    is_flexible: bool
    paid: bool


class ChatSummary(Wire):
    """A chat in the page's picker."""

    id: int
    type: str
    title: str
    member_ids: list[int]


class WorldSummary(Wire):
    """GET /_emulator/state: who and what exists."""

    token: str
    bot: User
    users: list[User]
    chats: list[ChatSummary]
    version: int


class WireMessage(Wire):
    """A message as JSON: files as URLs instead of bytes."""

    message_id: int
    chat_id: int
    sender_id: int
    sender_name: str
    from_bot: bool
    text: str | None
    buttons: list[list[Button]]
    photo_url: str | None
    document_url: str | None
    document_name: str | None
    edited: bool
    reply_to: int | None
    date: int
    invoice: WireInvoice | None = None
    service: str | None = None  # a service message's sentence (a successful payment)


class ChatLog(Wire):
    """GET /_emulator/chats/{chat_id}/messages: the chat now, and the version it reflects."""

    version: int
    messages: list[WireMessage]
    answers: list[CallbackAnswer]
    notices: list[Notice]


class DriverErrorBody(Wire):
    """What a refused driver request answers."""

    error: str


def driver_error(_: Request[Any, Any, Any], error: Exception) -> Response[DriverErrorBody]:
    """Turn a `DriverError` into a 400 with its sentence."""
    return Response(DriverErrorBody(error=str(error)), status_code=400)


def to_wire(world: World, message: ChatMessage) -> WireMessage:
    """A driver view of a message, with file URLs for the page."""
    sender = world.users.get(message.sender_id, world.bot)
    file_url = f"/_emulator/files/{message.file_id}" if message.file_id else None
    return WireMessage(
        message_id=message.message_id,
        chat_id=message.chat_id,
        sender_id=message.sender_id,
        sender_name=sender.first_name,
        from_bot=message.from_bot,
        text=message.text,
        buttons=message.buttons,
        photo_url=file_url if message.photo is not None else None,
        document_url=file_url if message.document is not None else None,
        document_name=message.document_name,
        edited=message.edited,
        reply_to=message.reply_to,
        date=message.raw.date,
        invoice=_wire_invoice(world, message),
        service=_service_text(message),
    )


def _wire_invoice(world: World, message: ChatMessage) -> WireInvoice | None:
    invoice = world.payments.invoice_for(message.chat_id, message.message_id)
    if invoice is None:
        return None
    return WireInvoice(
        title=invoice.title,
        description=invoice.description,
        currency=invoice.currency,
        total_amount=invoice.total_amount,
        total=money(invoice.total_amount, invoice.currency),
        digits=CURRENCIES[invoice.currency].digits,
        need_name=invoice.need_name,
        need_phone_number=invoice.need_phone_number,
        need_email=invoice.need_email,
        need_shipping_address=invoice.need_shipping_address,
        is_flexible=invoice.is_flexible,
        paid=invoice.paid,
    )


def _service_text(message: ChatMessage) -> str | None:
    paid = message.raw.successful_payment
    if paid is None:
        return None
    return f"You paid {money(paid.total_amount, paid.currency)}"


def _user(world: World, user_id: int) -> User:
    user = world.users.get(user_id)
    if user is None:
        raise DriverError(f"no user {user_id}")
    return user


def _number(value: str) -> int:
    if not value.strip().lstrip("-").isdigit():
        raise DriverError(f"{value[:20]!r} is not a number")
    return int(value)


def _message(world: World, chat_id: FromPath[int], message_id: int) -> Message:
    record = world.chats.get(chat_id)
    message = world.message(record, message_id) if record else None
    if message is None:
        raise DriverError(f"no message {message_id} in chat {chat_id}")
    return message


class DriverController(Controller):
    """Everything a test or the page does to the world, as JSON."""

    path = "/_emulator"

    @get("/state")
    async def state(self, world: NamedDependency[World]) -> WorldSummary:
        """The bot, the users and the chats."""
        chats = [
            ChatSummary(
                id=r.chat.id,
                type=r.chat.type,
                title=r.chat.title or r.chat.first_name or str(r.chat.id),
                member_ids=list(r.members),
            )
            for r in world.chats.values()
        ]
        users = list(world.users.values())
        return WorldSummary(
            token=world.token, bot=world.bot, users=users, chats=chats, version=world.version
        )

    @post("/users")
    async def add_user(self, world: NamedDependency[World], data: JSONBody[NewUser]) -> User:
        """Create a user."""
        return world.add_user(
            data.first_name, username=data.username, language_code=data.language_code
        )

    @post("/groups")
    async def add_group(self, world: NamedDependency[World], data: JSONBody[NewGroup]) -> Chat:
        """Create a group with the bot and these members."""
        members = [_user(world, i) for i in data.member_ids]
        creator = _user(world, data.creator_id) if data.creator_id is not None else None
        return world.add_group(data.title, members, creator=creator)

    @post("/chats/{chat_id:int}/messages")
    async def send_text(
        self, world: NamedDependency[World], chat_id: FromPath[int], data: JSONBody[NewText]
    ) -> WireMessage:
        """A user writes in a chat."""
        sent = world.send_text(_user(world, data.user_id), data.text, chat=chat_id)
        return to_wire(world, world.view(sent))

    @post("/chats/{chat_id:int}/documents")
    async def send_document(
        self, world: NamedDependency[World], chat_id: FromPath[int], request: Request[Any, Any, Any]
    ) -> WireMessage:
        """A user sends a file (multipart fields: user_id, file, optional caption)."""
        form = await request.form()
        upload, user_id, caption = form.get("file"), form.get("user_id"), form.get("caption")
        if not isinstance(upload, UploadFile) or not isinstance(user_id, str):
            raise DriverError("send a multipart form with user_id and file")
        sent = world.send_document(
            _user(world, int(user_id)),
            upload.filename,
            await upload.read(),
            caption=caption if isinstance(caption, str) and caption else None,
            chat=chat_id,
        )
        return to_wire(world, world.view(sent))

    @post("/chats/{chat_id:int}/photos")
    async def send_photo(
        self, world: NamedDependency[World], chat_id: FromPath[int], request: Request[Any, Any, Any]
    ) -> WireMessage:
        """A user sends a photo (multipart: user_id, file, optional caption and reply_to)."""
        form = await request.form()
        upload, user_id, caption = form.get("file"), form.get("user_id"), form.get("caption")
        reply_to = form.get("reply_to")
        if not isinstance(upload, UploadFile) or not isinstance(user_id, str):
            raise DriverError("send a multipart form with user_id and file")
        sent = world.send_photo(
            _user(world, _number(user_id)),
            await upload.read(),
            caption=caption if isinstance(caption, str) and caption else None,
            chat=chat_id,
            reply_to=_number(reply_to) if isinstance(reply_to, str) and reply_to else None,
        )
        return to_wire(world, world.view(sent))

    @post("/chats/{chat_id:int}/presses")
    async def press(
        self, world: NamedDependency[World], chat_id: FromPath[int], data: JSONBody[Press]
    ) -> CallbackQuery:
        """A user presses an inline button on a bot message."""
        message = _message(world, chat_id, data.message_id)
        user = _user(world, data.user_id)
        return world.press_button(user, message, data.callback_data, text=data.text)

    @get("/chats/{chat_id:int}/messages")
    async def messages(
        self,
        world: NamedDependency[World],
        chat_id: FromPath[int],
        since: FromQuery[int] = -1,
        timeout: FromQuery[float] = 0,
    ) -> ChatLog:
        """The chat's messages; with `since`, waits up to `timeout` s for a newer version."""
        with contextlib.suppress(TimeoutError):
            await world.wait_for(lambda: world.version > since, min(timeout, LONG_POLL_LIMIT))
        wire = [to_wire(world, m) for m in world.messages(chat_id)]
        notices = [n for n in world.payments.notices if n.chat_id == chat_id]
        return ChatLog(
            version=world.version,
            messages=wire,
            answers=world.callback_answers(),
            notices=notices,
        )

    @get("/files/{file_id:str}")
    async def file(self, world: NamedDependency[World], file_id: FromPath[str]) -> Response[bytes]:
        """A file's bytes, for photos and downloads on the page."""
        stored = world.files.get(file_id)
        if stored is None:
            raise NotFoundException(f"no file {file_id}")
        return Response(stored.data, media_type=stored.mime or "application/octet-stream")

    @get("/calls")
    async def calls(
        self, world: NamedDependency[World], method: FromQuery[str | None] = None
    ) -> list[ApiCall]:
        """The Bot API calls the bot made, all or one method's."""
        return world.calls(method)

    @get("/callback-answers")
    async def callback_answers(self, world: NamedDependency[World]) -> list[CallbackAnswer]:
        """How the bot answered button presses."""
        return world.callback_answers()

    @post("/updates/{update_id:int}/redeliver")
    async def redeliver(self, world: NamedDependency[World], update_id: FromPath[int]) -> Update:
        """Deliver an update again with the same id."""
        if update_id not in world.history:
            raise DriverError(f"no update {update_id}")
        return world.redeliver(update_id)

    @put("/flood")
    async def flood(self, world: NamedDependency[World], data: JSONBody[Flood]) -> Flood:
        """Set or lift the per-chat flood limit."""
        world.flood_limit_per_second = data.limit_per_second
        return data

    @post("/chats/{chat_id:int}/shipping-options")
    async def shipping_options(
        self, world: NamedDependency[World], chat_id: FromPath[int], data: JSONBody[AddressForm]
    ) -> ShippingStep:
        """The user gives a shipping address for a flexible invoice; the bot's options."""
        return await world.shipping_options(
            _user(world, data.user_id),
            chat_id,
            data.message_id,
            data.shipping_address,
            timeout=min(data.timeout, LONG_POLL_LIMIT),
        )

    @post("/chats/{chat_id:int}/payments")
    async def pay(
        self, world: NamedDependency[World], chat_id: FromPath[int], data: JSONBody[PayForm]
    ) -> PaymentResult:
        """The user pays an invoice (Telegram's whole flow); how it ended."""
        return await world.pay(
            _user(world, data.user_id),
            data.message_id,
            chat_id=chat_id,
            shipping_address=data.shipping_address,
            shipping_option=data.shipping_option,
            order_info=data.order_info,
            timeout=min(data.timeout, LONG_POLL_LIMIT),
        )

    @post("/payments/declines")
    async def decline(self, world: NamedDependency[World], data: JSONBody[Decline]) -> Decline:
        """The test provider refuses the next charge with this reason."""
        world.payments.decline_next(data.reason)
        return data
