"""The test-driver API: act as users and staff, and read what the bot sent.

`World` is the emulator's whole state plus these methods; tests and the web chat page use
them in process, and `/_emulator/...` exposes the same moves over HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from bot.emulator.checkout import PayingWorld
from bot.emulator.photos import BadDimensions, NotAnImage, photo_sizes
from bot.emulator.state import ApiCall, CallbackAnswer, ChatRecord, DriverError
from bot.emulator.text import command_entities
from bot.emulator.types import (
    CallbackQuery,
    Chat,
    Contact,
    Document,
    Message,
    Update,
    User,
)

T = TypeVar("T")
ChatRef = Chat | User | int  # a chat, a user (their private chat) or a chat id


class Button(msgspec.Struct, frozen=True, kw_only=True):
    """One inline button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    pay: bool | None = None


class ChatMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A message as a test reads it: text or caption, buttons, attached file bytes."""

    message_id: int
    chat_id: int
    sender_id: int
    from_bot: bool
    text: str | None
    buttons: list[list[Button]]
    photo: bytes | None
    document: bytes | None
    document_name: str | None
    file_id: str | None
    edited: bool
    reply_to: int | None
    raw: Message

    def button_data(self) -> list[str]:
        """Every callback_data on the message's keyboard, row by row."""
        return [b.callback_data for row in self.buttons for b in row if b.callback_data]


class World(PayingWorld):
    """The emulated Telegram: state, plus the moves of users and the reads of a test."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per world, so ids are the same in every run of a test.
        self._user_ids = itertools.count(10_001)
        self._group_ids = itertools.count(1_000_000_001)
        self._query_ids = itertools.count(4_400_000_000_000_001)

    # -- people and groups -----------------------------------------------------------------

    def add_user(
        self,
        first_name: str,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "en",
    ) -> User:
        """Create a Telegram user who can then write to the bot."""
        user = User(
            id=next(self._user_ids),
            is_bot=False,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.users[user.id] = user
        self.touch()
        return user

    def add_group(self, title: str, members: list[User], *, creator: User | None = None) -> Chat:
        """Create a supergroup (e.g. the staff group) with the bot and these members in it."""
        chat = Chat(id=-(1_000_000_000_000 + next(self._group_ids)), type="supergroup", title=title)
        record = self.chats[chat.id] = ChatRecord(chat)
        for user in members:
            record.members[user.id] = "member"
        if creator is not None:
            record.members[creator.id] = "creator"
        self.touch()
        return chat

    def block_bot(self, user: User, *, blocked: bool = True) -> None:
        """The user blocks (or unblocks) the bot; sends to them then fail with 403."""
        self.private_chat(user).blocked = blocked
        self.touch()

    # -- what users do ---------------------------------------------------------------------

    def _chat_for(self, user: User, chat: ChatRef | None) -> ChatRecord:
        chat_id = chat if isinstance(chat, int) or chat is None else chat.id
        if chat_id is None or chat_id == user.id:
            record = self.private_chat(user)
            record.blocked = False  # writing to the bot again means /start, which unblocks
            return record
        record_or_none = self.chats.get(chat_id)
        if record_or_none is None or user.id not in record_or_none.members:
            raise DriverError(f"user {user.id} is not in chat {chat_id}")
        return record_or_none

    def send_text(
        self,
        user: User,
        text: str,
        *,
        chat: ChatRef | None = None,
        reply_to: int | Message | ChatMessage | None = None,
    ) -> Message:
        """`user` writes `text` (in their private chat unless `chat` is given).

        With `reply_to` (a message of the chat, or its id) the text replies to it, and the
        update carries that message as it reads now, buttons included, as Telegram does.
        """
        record = self._chat_for(user, chat)
        replied = self._replied(
            record,
            reply_to if reply_to is None or isinstance(reply_to, int) else reply_to.message_id,
        )
        message = self.post(
            record, user, text=text, entities=command_entities(text), reply_to_message=replied
        )
        self.enqueue(message=message)
        return message

    def send_contact(self, user: User, phone: str, *, own: bool = True) -> Message:
        """`user` shares a phone contact: their own (the request_contact button) or another's."""
        record = self._chat_for(user, None)
        contact = Contact(
            phone_number=phone,
            first_name=user.first_name if own else "Someone",
            user_id=user.id if own else None,
        )
        message = self.post(record, user, contact=contact)
        self.enqueue(message=message)
        return message

    def send_document(
        self,
        user: User,
        filename: str,
        data: bytes,
        *,
        mime: str | None = None,
        caption: str | None = None,
        chat: ChatRef | None = None,
        reply_to: int | Message | ChatMessage | None = None,
    ) -> Message:
        """`user` sends a file; any size is accepted, but the bot can fetch only ≤ 20 MB.

        With `reply_to` (a message of the chat, or its id), the file is a reply to that
        message, which the update carries as it reads now (its buttons included), as
        Telegram does.
        """
        record = self._chat_for(user, chat)
        replied = self._replied(record, reply_to)
        mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self.store_file(data, filename, mime)
        document = Document(
            file_id=stored.file_id,
            file_unique_id=stored.file_unique_id,
            file_name=filename,
            mime_type=mime,
            file_size=len(data),
        )
        message = self.post(
            record, user, document=document, caption=caption, reply_to_message=replied
        )
        self.enqueue(message=message)
        return message

    def send_photo(
        self,
        user: User,
        photo: bytes | Path,
        *,
        caption: str | None = None,
        chat: ChatRef | None = None,
        reply_to: int | Message | ChatMessage | None = None,
    ) -> Message:
        """`user` sends a photo (its bytes or a file's path), as Telegram delivers one.

        The message's `photo` lists the sizes Telegram makes, smallest first (90, 320, 800,
        1280 px on the long side, only those smaller than the photo) and the photo itself
        last. `DriverError` if the bytes are no image or Telegram would refuse its shape.
        With `reply_to`, the photo answers that message (as `send_document`).
        """
        record = self._chat_for(user, chat)
        replied = self._replied(record, reply_to)
        data = photo.read_bytes() if isinstance(photo, Path) else photo
        try:
            sizes = photo_sizes(self, data)
        except (NotAnImage, BadDimensions) as error:
            raise DriverError(f"Telegram would not send this as a photo: {error}") from error
        message = self.post(
            record, user, photo=sizes, caption=caption or None, reply_to_message=replied
        )
        self.enqueue(message=message)
        return message

    def _replied(
        self, record: ChatRecord, reply_to: int | Message | ChatMessage | None
    ) -> Message | None:
        """The message replied to, without its own reply (Telegram nests one level only)."""
        if reply_to is None:
            return None
        wanted = reply_to if isinstance(reply_to, int) else reply_to.message_id
        replied = self.message(record, wanted)
        if replied is None:
            raise DriverError(f"no message {wanted} in chat {record.chat.id}")
        return msgspec.structs.replace(replied, reply_to_message=None)

    def press_button(
        self,
        user: User,
        message: Message | ChatMessage,
        callback_data: str | None = None,
        *,
        text: str | None = None,
    ) -> CallbackQuery:
        """`user` presses a button, chosen by its callback_data or its label, on a bot message.

        Raises `DriverError` if the message (as it is now, after any edits) has no such button.
        """
        chat_id, message_id = (
            (message.chat_id, message.message_id)
            if isinstance(message, ChatMessage)
            else (message.chat.id, message.message_id)
        )
        current = self.message(self._chat_for(user, chat_id), message_id)
        markup = current.reply_markup if current is not None else None
        buttons = [b for row in (markup.inline_keyboard if markup else []) for b in row]
        pressed = next(
            (
                b
                for b in buttons
                if b.callback_data is not None
                and (callback_data is None or b.callback_data == callback_data)
                and (text is None or b.text == text)
            ),
            None,
        )
        if current is None or pressed is None:
            wanted = callback_data if text is None else f"text {text!r}"
            raise DriverError(f"message {message_id} has no button {wanted}")
        query = CallbackQuery(
            id=str(next(self._query_ids)),
            from_=user,
            message=current,
            chat_instance=str(abs(chat_id) * 7919 % 10**18),
            data=pressed.callback_data,
        )
        self.callbacks[query.id] = (query.data, False)
        self.enqueue(callback_query=query)
        return query

    def redeliver(self, update_id: int) -> Update:
        """Deliver an update once more with the same id, as Telegram may after a failure."""
        update = self.history[update_id]
        self.redeliveries.append(update)
        self.touch()
        return update

    # -- what a test reads -----------------------------------------------------------------

    def view(self, message: Message) -> ChatMessage:
        """A message as a test reads it, with its files' bytes."""
        markup = message.reply_markup
        rows = [
            [Button(text=b.text, callback_data=b.callback_data, url=b.url, pay=b.pay) for b in row]
            for row in (markup.inline_keyboard if markup else [])
        ]
        photo_id = message.photo[-1].file_id if message.photo else None
        document_id = message.document.file_id if message.document else None
        file_id = photo_id or document_id
        sender = message.from_.id if message.from_ else 0
        return ChatMessage(
            message_id=message.message_id,
            chat_id=message.chat.id,
            sender_id=sender,
            from_bot=sender == self.bot.id,
            text=message.text if message.text is not None else message.caption,
            buttons=rows,
            photo=self.files[photo_id].data if photo_id else None,
            document=self.files[document_id].data if document_id else None,
            document_name=message.document.file_name if message.document else None,
            file_id=file_id,
            edited=message.edit_date is not None,
            reply_to=message.reply_to_message.message_id if message.reply_to_message else None,
            raw=message,
        )

    def messages(self, chat: ChatRef) -> list[ChatMessage]:
        """Every message still in a chat, from users and the bot, oldest first."""
        chat_id = chat if isinstance(chat, int) else chat.id
        record = self.chats.get(chat_id)
        if record is None:
            return []
        return [self.view(m) for i, m in sorted(record.messages.items()) if i not in record.deleted]

    def bot_messages(self, chat: ChatRef) -> list[ChatMessage]:
        """What the bot has sent to a chat (and not deleted), oldest first."""
        return [m for m in self.messages(chat) if m.from_bot]

    def last_message(self, chat: ChatRef) -> ChatMessage | None:
        """The bot's latest message in a chat, as it reads now."""
        sent = self.bot_messages(chat)
        return sent[-1] if sent else None

    def reply_keyboard(self, chat: ChatRef) -> list[list[str]] | None:
        """The reply keyboard the bot last set in a chat, if any."""
        record = self.chats.get(chat if isinstance(chat, int) else chat.id)
        return record.reply_keyboard if record else None

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Recorded Bot API calls, all or only one method (name as the bot spelled it)."""
        wanted = method.lower() if method else None
        return [c for c in self.call_log if wanted is None or c.method.lower() == wanted]

    def callback_answers(self) -> list[CallbackAnswer]:
        """How the bot answered button presses, in order."""
        return list(self.answers)

    # -- waiting ---------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Wait until `predicate()` is truthy and return its value; re-checked on every change.

        Raises `TimeoutError` naming the last Bot API calls, to show what the bot did instead.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [
                    f"{c.method}: {'ok' if c.ok else c.description}" for c in self.call_log[-5:]
                ]
                raise TimeoutError(f"waited {timeout}s; last calls: {recent}")
            await self.changed(remaining)

    async def wait_for_reply(self, sent: Message, timeout: float = 5.0) -> ChatMessage:
        """The first bot message in `sent`'s chat after it (the bot's answer to it)."""

        def reply() -> ChatMessage | None:
            later = [m for m in self.bot_messages(sent.chat.id) if m.message_id > sent.message_id]
            return later[0] if later else None

        return await self.wait_for(reply, timeout)
