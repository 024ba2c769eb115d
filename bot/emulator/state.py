"""The emulator's world, in memory: users, chats, messages, files, updates and the call record.

No I/O here. Every change bumps `version` and wakes whoever waits (long polls, `wait_for`),
so nothing needs to sleep in a loop. The world belongs to the event loop that serves it:
call it from that loop only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import msgspec

from bot.emulator.errors import CHAT_NOT_FOUND, BotApiError, bad_request, forbidden
from bot.emulator.errors import too_many_requests as flood_error
from bot.emulator.payments import Payments
from bot.emulator.types import Chat, Message, PhotoSize, Update, User

DEFAULT_TOKEN = "7000000001:AAEmulatorLocalTokenNotASecret0000000"
MB = 1024 * 1024
BOT_DOWNLOAD_LIMIT = 20 * MB  # getFile refuses larger files


class DriverError(Exception):
    """A test asked for something a real user could not do (press a missing button, …)."""


class StoredFile(msgspec.Struct, frozen=True, kw_only=True):
    """A file known to the server: its bytes and how it was sent."""

    file_id: str
    file_unique_id: str
    data: bytes
    name: str | None
    mime: str | None


class ApiCall(msgspec.Struct, frozen=True, kw_only=True):
    """One Bot API request the bot made, with its answer."""

    method: str
    params: dict[str, Any]
    ok: bool
    result: Any = None
    error_code: int | None = None
    description: str | None = None


class CallbackAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """How the bot answered a button press (answerCallbackQuery)."""

    callback_query_id: str
    data: str | None
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


class ChatRecord:
    """A chat and everything in it."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.blocked = False
        self.members: dict[int, str] = {}  # user id → status ("creator", "member", …)
        self.messages: dict[int, Message] = {}
        self.deleted: set[int] = set()
        self.reply_keyboard: list[list[str]] | None = None  # what the user's keyboard shows
        self.next_message_id = 1


class WorldState:
    """The data and the primitive moves; `World` adds the test-driver API on top."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "smallbatch_emulator_bot",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.clock = clock
        self.bot = User(
            id=int(token.partition(":")[0]),
            is_bot=True,
            first_name="Smallbatch",
            username=bot_username,
        )
        self.users: dict[int, User] = {}
        self.chats: dict[int, ChatRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, str] = {}  # path handed out by getFile → file_id
        self.photo_sets: dict[str, list[PhotoSize]] = {}  # any size's file_id → all sizes
        self.pending: list[Update] = []
        self.history: dict[int, Update] = {}
        self.redeliveries: list[Update] = []
        self.next_update_id = 1
        self.allowed_updates: list[str] | None = None
        self.webhook_url = ""
        self.callbacks: dict[str, tuple[str | None, bool]] = {}  # id → (data, answered)
        self.answers: list[CallbackAnswer] = []
        self.payments = Payments()
        self.call_log: list[ApiCall] = []
        self.commands: dict[str, list[Any]] = {}
        self.flood_limit_per_second: float | None = None
        self._sends: dict[int, deque[float]] = {}
        self.poll_generation = 0
        self.closed = False
        self.version = 0
        self._changed = asyncio.Event()

    # -- change notification -------------------------------------------------------------

    def touch(self) -> None:
        """Record that something changed and wake every waiter."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def changed(self, timeout: float) -> None:
        """Wait until the next change, or `timeout` seconds, whichever comes first."""
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), max(timeout, 0.0))

    def close(self) -> None:
        """Release every long poll at once, so a server can stop without waiting them out."""
        self.closed = True
        self.touch()

    # -- users, chats, messages ----------------------------------------------------------

    def now(self) -> int:
        """Unix time in whole seconds, as message dates are."""
        return int(self.clock())

    def chat(self, chat_id: int | str) -> ChatRecord:
        """The chat for a Bot API `chat_id`, or Telegram's refusal.

        A user who never wrote to the bot has no private chat yet: the bot cannot write first.
        An `@username` names only a public group or channel, never a person: Telegram answers
        "chat not found" for a user's username even when their private chat exists.
        """
        record = None
        if isinstance(chat_id, int) or chat_id.lstrip("-").isdigit():
            record = self.chats.get(int(chat_id))
        else:
            username = chat_id.removeprefix("@")
            record = next(
                (
                    c
                    for c in self.chats.values()
                    if c.chat.type != "private" and c.chat.username == username
                ),
                None,
            )
        if record is None:
            if isinstance(chat_id, str) or int(chat_id) not in self.users:
                raise bad_request(CHAT_NOT_FOUND)
            raise forbidden("bot can't initiate conversation with a user")
        return record

    def writable_chat(self, chat_id: int | str) -> ChatRecord:
        """A chat the bot may post in now; refusals carry Telegram's 403 texts."""
        record = self.chat(chat_id)
        if record.blocked:
            raise forbidden("bot was blocked by the user")
        return record

    def private_chat(self, user: User) -> ChatRecord:
        """The user's private chat with the bot, opened on first use."""
        record = self.chats.get(user.id)
        if record is None:
            chat = Chat(
                id=user.id,
                type="private",
                username=user.username,
                first_name=user.first_name,
                last_name=user.last_name,
            )
            record = self.chats[user.id] = ChatRecord(chat)
            record.members[user.id] = "member"
        return record

    def post(self, record: ChatRecord, sender: User, **content: Any) -> Message:
        """Append a message to a chat with the chat's next id."""
        message = Message(
            message_id=record.next_message_id,
            from_=sender,
            chat=record.chat,
            date=self.now(),
            **content,
        )
        record.next_message_id += 1
        record.messages[message.message_id] = message
        self.touch()
        return message

    def message(self, record: ChatRecord, message_id: int) -> Message | None:
        """A message still in the chat, or None if it never was or was deleted."""
        if message_id in record.deleted:
            return None
        return record.messages.get(message_id)

    def replace(self, message: Message) -> None:
        """Store an edited message in place of the old one."""
        self.chats[message.chat.id].messages[message.message_id] = message
        self.touch()

    # -- files ---------------------------------------------------------------------------

    def store_file(self, data: bytes, name: str | None, mime: str | None) -> StoredFile:
        """Keep a file and give it ids; the same bytes keep the same unique id, as on Telegram."""
        digest = hashlib.sha256(data).hexdigest()
        unique = f"AgAD{digest[:16]}"
        stored = StoredFile(
            file_id=f"BQACAgI{len(self.files) + 1:06d}{digest[:24]}",
            file_unique_id=unique,
            data=data,
            name=name,
            mime=mime,
        )
        self.files[stored.file_id] = stored
        return stored

    # -- updates -------------------------------------------------------------------------

    def enqueue(self, **content: Any) -> Update | None:
        """Queue an update for the bot with the next update id.

        An update of a kind outside `allowed_updates` is never queued (None), as on Telegram;
        the setting applies to updates made after it, never to those already waiting.
        """
        update = Update(update_id=self.next_update_id, **content)
        if self.allowed_updates and update.kind not in self.allowed_updates:
            return None
        self.next_update_id += 1
        self.pending.append(update)
        self.history[update.update_id] = update
        self.touch()
        return update

    def take_updates(self, offset: int | None, limit: int) -> list[Update]:
        """What getUpdates returns now; confirms (drops) everything before `offset`.

        A negative offset keeps only that many updates from the end of the queue.
        """
        if offset is not None and offset < 0:
            self.pending = self.pending[offset:]
        elif offset is not None:
            self.pending = [u for u in self.pending if u.update_id >= offset]
        # A redelivered update goes out once more whatever the offset says: that is the
        # at-least-once delivery a bot must survive.
        again, self.redeliveries = self.redeliveries, []
        return [*again, *self.pending[: max(limit - len(again), 0)]]

    # -- flood control and the call record -----------------------------------------------

    def check_flood(self, chat_id: int) -> None:
        """Refuse a send beyond `flood_limit_per_second` in one chat, counting the rest."""
        if self.flood_limit_per_second is None:
            return
        now = self.clock()
        sent = self._sends.setdefault(chat_id, deque())
        while sent and sent[0] <= now - 1.0:
            sent.popleft()
        if len(sent) >= self.flood_limit_per_second:
            raise flood_error(max(1, math.ceil(sent[0] + 1.0 - now)))
        sent.append(now)

    def record(self, method: str, params: dict[str, Any], outcome: Any) -> None:
        """Append one API call and its answer (a result or a `BotApiError`) to the record."""
        if isinstance(outcome, BotApiError):
            call = ApiCall(
                method=method,
                params=params,
                ok=False,
                error_code=outcome.code,
                description=outcome.description,
            )
        else:
            call = ApiCall(method=method, params=params, ok=True, result=outcome)
        self.call_log.append(call)
        self.touch()
