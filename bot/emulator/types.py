"""The Telegram objects the emulator emits, shaped exactly as the Bot API sends them.

Every type omits its unset optional fields, as Telegram does, so aiogram parses the JSON
as it would a real answer. Values are frozen: an edit replaces a message, never mutates it.
"""

from __future__ import annotations

from typing import Any

import msgspec


class TgObject(msgspec.Struct, frozen=True, omit_defaults=True, kw_only=True):
    """Base of every emitted object: unset (None) fields are left out of the JSON."""


class User(TgObject, frozen=True, kw_only=True):
    """A Telegram user or bot."""

    id: int
    is_bot: bool
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


class BotInfo(User, frozen=True, kw_only=True):
    """What getMe returns: the bot's User plus the fields only getMe carries.

    A message's `from` is the plain User: Telegram never puts these fields there.
    """

    can_join_groups: bool
    can_read_all_group_messages: bool
    supports_inline_queries: bool
    supports_guest_queries: bool
    can_connect_to_business: bool
    has_main_web_app: bool
    has_topics_enabled: bool
    allows_users_to_create_topics: bool
    can_manage_bots: bool
    supports_join_request_queries: bool


class Chat(TgObject, frozen=True, kw_only=True):
    """A chat as it appears inside a message: private, group or supergroup."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class MessageEntity(TgObject, frozen=True, kw_only=True):
    """A span of special text; offsets and lengths count UTF-16 code units."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None
    unix_time: int | None = None
    date_time_format: str | None = None


class InlineKeyboardButton(TgObject, frozen=True, kw_only=True):
    """One inline button; the emulator keeps the kinds the bot can use."""

    text: str
    url: str | None = None
    callback_data: str | None = None
    switch_inline_query: str | None = None
    switch_inline_query_current_chat: str | None = None
    pay: bool | None = None


class InlineKeyboardMarkup(TgObject, frozen=True, kw_only=True):
    """Rows of inline buttons under a message."""

    inline_keyboard: list[list[InlineKeyboardButton]]


class PhotoSize(TgObject, frozen=True, kw_only=True):
    """One size of a photo (`message.photo` lists them smallest first)."""

    file_id: str
    file_unique_id: str
    width: int
    height: int
    file_size: int | None = None


class Document(TgObject, frozen=True, kw_only=True):
    """A general file sent as a document."""

    file_id: str
    file_unique_id: str
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None


class Contact(TgObject, frozen=True, kw_only=True):
    """A phone contact shared in a chat (the reply keyboard's request_contact button)."""

    phone_number: str
    first_name: str
    last_name: str | None = None
    user_id: int | None = None


class Message(TgObject, frozen=True, kw_only=True):
    """A message in a chat, from a user or from the bot."""

    message_id: int
    from_: User | None = msgspec.field(default=None, name="from")
    chat: Chat
    date: int
    edit_date: int | None = None
    reply_to_message: Message | None = None
    media_group_id: str | None = None
    text: str | None = None
    entities: list[MessageEntity] | None = None
    photo: list[PhotoSize] | None = None
    document: Document | None = None
    caption: str | None = None
    caption_entities: list[MessageEntity] | None = None
    contact: Contact | None = None
    reply_markup: InlineKeyboardMarkup | None = None
    invoice: Invoice | None = None
    successful_payment: SuccessfulPayment | None = None


class CallbackQuery(TgObject, frozen=True, kw_only=True):
    """A press of an inline button."""

    id: str
    from_: User = msgspec.field(name="from")
    message: Message | None = None
    chat_instance: str
    data: str | None = None


class Invoice(TgObject, frozen=True, kw_only=True):
    """What an invoice message carries; every field is always written, as by Telegram."""

    title: str
    description: str
    start_parameter: str
    currency: str
    total_amount: int


class ShippingAddress(TgObject, frozen=True, kw_only=True):
    """A shipping address; Telegram writes every field, empty ones as ""."""

    country_code: str
    state: str
    city: str
    street_line1: str
    street_line2: str
    post_code: str


class OrderInfo(TgObject, frozen=True, kw_only=True):
    """What the user gave with a payment: name, phone, e-mail, shipping address."""

    name: str | None = None
    phone_number: str | None = None
    email: str | None = None
    shipping_address: ShippingAddress | None = None


class ShippingQuery(TgObject, frozen=True, kw_only=True):
    """The user gave a shipping address for a flexible invoice: the bot names the options."""

    id: str
    from_: User = msgspec.field(name="from")
    invoice_payload: str
    shipping_address: ShippingAddress


class PreCheckoutQuery(TgObject, frozen=True, kw_only=True):
    """The user pressed Pay: the bot confirms within 10 seconds or the payment fails."""

    id: str
    from_: User = msgspec.field(name="from")
    currency: str
    total_amount: int
    invoice_payload: str
    shipping_option_id: str | None = None
    order_info: OrderInfo | None = None


class SuccessfulPayment(TgObject, frozen=True, kw_only=True):
    """The service message's content after the provider charged the user."""

    currency: str
    total_amount: int
    invoice_payload: str
    shipping_option_id: str | None = None
    order_info: OrderInfo | None = None
    telegram_payment_charge_id: str
    provider_payment_charge_id: str


UPDATE_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
)


class Update(TgObject, frozen=True, kw_only=True):
    """One incoming update; exactly one of the optional fields is set."""

    update_id: int
    message: Message | None = None
    edited_message: Message | None = None
    callback_query: CallbackQuery | None = None
    shipping_query: ShippingQuery | None = None
    pre_checkout_query: PreCheckoutQuery | None = None

    @property
    def kind(self) -> str:
        """The update type as named in `allowed_updates`."""
        for name in UPDATE_KINDS:
            if getattr(self, name) is not None:
                return name
        return "unknown"


class File(TgObject, frozen=True, kw_only=True):
    """A file ready to download from `/file/bot<token>/<file_path>`."""

    file_id: str
    file_unique_id: str
    file_size: int | None = None
    file_path: str | None = None


class BotCommand(TgObject, frozen=True, kw_only=True):
    """A command shown in the client's menu."""

    command: str
    description: str


class WebhookInfo(TgObject, frozen=True, kw_only=True):
    """Webhook status; the emulator only remembers the URL."""

    url: str
    has_custom_certificate: bool
    pending_update_count: int


class ResponseParameters(TgObject, frozen=True, kw_only=True):
    """Why a request failed and what to do; set on flood errors."""

    retry_after: int | None = None
    migrate_to_chat_id: int | None = None


class ApiOk(msgspec.Struct, frozen=True, kw_only=True):
    """A successful Bot API answer."""

    ok: bool
    result: Any


class ApiFailure(msgspec.Struct, frozen=True, omit_defaults=True, kw_only=True):
    """A failed Bot API answer; `ok` has no default so it is always written."""

    ok: bool
    error_code: int
    description: str
    parameters: ResponseParameters | None = None


class AcceptedGiftTypes(TgObject, frozen=True, kw_only=True):
    """Which gifts a chat accepts; required in ChatFullInfo, so always written."""

    unlimited_gifts: bool
    limited_gifts: bool
    unique_gifts: bool
    premium_subscription: bool
    gifts_from_channels: bool


class ChatFullInfo(Chat, frozen=True, kw_only=True):
    """What getChat returns: the chat plus the fields the Bot API always includes."""

    accent_color_id: int
    max_reaction_count: int
    accepted_gift_types: AcceptedGiftTypes


class ChatMember(TgObject, frozen=True, kw_only=True):
    """A member's status in a chat: "creator", "member" or "left" (no extra rights)."""

    status: str
    user: User
    is_anonymous: bool | None = None  # required for "creator", absent otherwise
