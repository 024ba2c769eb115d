"""The Bot API methods around messages: identity, updates, webhook, commands, files, chats."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

import msgspec

from bot.emulator.errors import (
    FILE_TOO_BIG,
    GETUPDATES_CONFLICT,
    QUERY_TOO_OLD,
    WEBHOOK_CONFLICT,
    BotApiError,
    bad_request,
)
from bot.emulator.params import CallContext, MethodTable, Params, api_method
from bot.emulator.state import BOT_DOWNLOAD_LIMIT, CallbackAnswer
from bot.emulator.types import (
    AcceptedGiftTypes,
    BotCommand,
    BotInfo,
    ChatFullInfo,
    ChatMember,
    File,
    Update,
    WebhookInfo,
)

METHODS: MethodTable = {}
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]*")
WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})
NO_GIFTS = AcceptedGiftTypes(
    unlimited_gifts=False,
    limited_gifts=False,
    unique_gifts=False,
    premium_subscription=False,
    gifts_from_channels=False,
)


class NoParams(Params):
    """Methods that take nothing the emulator reads."""


class GetUpdates(Params):
    """getUpdates parameters."""

    offset: int | None = None
    limit: int = 100
    timeout: float = 0
    allowed_updates: list[str] | None = None


class SetWebhook(Params):
    """setWebhook and deleteWebhook parameters."""

    url: str = ""
    drop_pending_updates: bool = False
    secret_token: str = ""
    allowed_updates: list[str] | None = None


class Commands(Params):
    """setMyCommands, getMyCommands and deleteMyCommands parameters."""

    commands: list[BotCommand] = msgspec.field(default_factory=list)
    scope: dict[str, Any] | None = None
    language_code: str = ""


class AnswerCallback(Params):
    """answerCallbackQuery parameters."""

    callback_query_id: str
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


class GetFile(Params):
    """getFile parameters."""

    file_id: str


class ChatQuery(Params):
    """getChat and getChatMember parameters."""

    chat_id: int | str
    user_id: int | None = None


@api_method(METHODS, "getMe", NoParams)
async def get_me(ctx: CallContext, p: NoParams) -> BotInfo:
    """The bot's own user with its settings (privacy mode off: it reads every group message)."""
    return BotInfo(
        **msgspec.structs.asdict(ctx.world.bot),
        can_join_groups=True,
        can_read_all_group_messages=True,
        supports_inline_queries=False,
        supports_guest_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
        has_topics_enabled=False,
        allows_users_to_create_topics=False,
        can_manage_bots=False,
        supports_join_request_queries=False,
    )


@api_method(METHODS, "logOut", NoParams)
@api_method(METHODS, "close", NoParams)
async def log_out(ctx: CallContext, p: NoParams) -> bool:
    """Accepted and ignored: there is no cloud server to leave."""
    return True


@api_method(METHODS, "getUpdates", GetUpdates)
async def get_updates(ctx: CallContext, p: GetUpdates) -> list[Update]:
    """Long-poll for updates: answer at once if any are waiting, else at the first one.

    A newer getUpdates call ends an older one with 409 Conflict, as Telegram does when two
    copies of a bot poll at once.
    """
    world = ctx.world
    if world.webhook_url:
        raise BotApiError(409, WEBHOOK_CONFLICT)
    if p.allowed_updates is not None:
        # Telegram remembers the list until the next call that sets one.
        world.allowed_updates = p.allowed_updates
    world.poll_generation += 1
    generation = world.poll_generation
    world.touch()
    # Real time, not the world's clock: tests may freeze that clock for flood control.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(p.timeout, 0)
    limit = min(max(p.limit, 1), 100)
    while True:
        if world.poll_generation != generation:
            raise BotApiError(409, GETUPDATES_CONFLICT)
        updates = world.take_updates(p.offset, limit)
        remaining = deadline - loop.time()
        if updates or remaining <= 0 or world.closed:
            return updates
        await world.changed(remaining)


@api_method(METHODS, "setWebhook", SetWebhook)
async def set_webhook(ctx: CallContext, p: SetWebhook) -> bool:
    """Remember a webhook URL; the emulator never calls it, but getUpdates then refuses.

    The URL is checked as Telegram checks it: HTTPS on port 443, 80, 88 or 8443 (an empty
    URL deletes the webhook); the secret token is at most 256 of `A-Z a-z 0-9 _ -`.
    """
    if p.url:
        check_webhook(p.url, p.secret_token)
    if p.allowed_updates is not None:
        ctx.world.allowed_updates = p.allowed_updates
    ctx.world.webhook_url = p.url
    if p.drop_pending_updates:
        ctx.world.pending.clear()
    return True


def check_webhook(url: str, secret_token: str) -> None:
    """Refuse a webhook Telegram would refuse, with its texts."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme.lower(), 0)
    except ValueError:
        port = 0
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port:
        raise bad_request("invalid webhook URL specified")
    if len(secret_token) > 256:
        raise bad_request("secret token is too long")
    if not _SECRET_TOKEN.fullmatch(secret_token):
        raise bad_request("secret token contains unallowed characters")
    if parts.scheme.lower() != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if port not in WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")


@api_method(METHODS, "deleteWebhook", SetWebhook)
async def delete_webhook(ctx: CallContext, p: SetWebhook) -> bool:
    """Forget the webhook, optionally dropping waiting updates."""
    ctx.world.webhook_url = ""
    if p.drop_pending_updates:
        ctx.world.pending.clear()
    return True


@api_method(METHODS, "getWebhookInfo", NoParams)
async def get_webhook_info(ctx: CallContext, p: NoParams) -> WebhookInfo:
    """The webhook URL ("" in polling mode) and how many updates wait."""
    world = ctx.world
    return WebhookInfo(
        url=world.webhook_url, has_custom_certificate=False, pending_update_count=len(world.pending)
    )


def _commands_key(p: Commands) -> str:
    scope = msgspec.json.encode(p.scope or {"type": "default"}).decode()
    return f"{scope}|{p.language_code}"


@api_method(METHODS, "setMyCommands", Commands)
async def set_my_commands(ctx: CallContext, p: Commands) -> bool:
    """Set the command menu for a scope and language."""
    if len(p.commands) > 100:
        raise bad_request("too many commands")
    for command in p.commands:
        if not _COMMAND_NAME.fullmatch(command.command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command.description) <= 256:
            raise bad_request("command description is empty or too long")
    ctx.world.commands[_commands_key(p)] = list(p.commands)
    return True


@api_method(METHODS, "getMyCommands", Commands)
async def get_my_commands(ctx: CallContext, p: Commands) -> list[BotCommand]:
    """The command menu set for a scope and language."""
    commands: list[BotCommand] = ctx.world.commands.get(_commands_key(p), [])
    return commands


@api_method(METHODS, "deleteMyCommands", Commands)
async def delete_my_commands(ctx: CallContext, p: Commands) -> bool:
    """Remove the command menu for a scope and language."""
    ctx.world.commands.pop(_commands_key(p), None)
    return True


@api_method(METHODS, "answerCallbackQuery", AnswerCallback)
async def answer_callback_query(ctx: CallContext, p: AnswerCallback) -> bool:
    """Answer a button press once; a second answer or an unknown id is refused."""
    world = ctx.world
    data, answered = world.callbacks.get(p.callback_query_id, (None, True))
    if answered:
        raise bad_request(QUERY_TOO_OLD)
    world.callbacks[p.callback_query_id] = (data, True)
    world.answers.append(
        CallbackAnswer(
            callback_query_id=p.callback_query_id,
            data=data,
            text=p.text,
            show_alert=p.show_alert,
            url=p.url,
        )
    )
    world.touch()
    return True


@api_method(METHODS, "getFile", GetFile)
async def get_file(ctx: CallContext, p: GetFile) -> File:
    """Prepare a file for download; bots may download at most 20 MB."""
    world = ctx.world
    stored = world.files.get(p.file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > BOT_DOWNLOAD_LIMIT:
        raise bad_request(FILE_TOO_BIG)
    folder = "photos" if (stored.mime or "").startswith("image/") else "documents"
    suffix = (stored.name or "").rpartition(".")[2] if "." in (stored.name or "") else "bin"
    path = f"{folder}/file_{list(world.files).index(p.file_id)}.{suffix}"
    world.file_paths[path] = p.file_id
    return File(
        file_id=stored.file_id,
        file_unique_id=stored.file_unique_id,
        file_size=len(stored.data),
        file_path=path,
    )


@api_method(METHODS, "getChat", ChatQuery)
async def get_chat(ctx: CallContext, p: ChatQuery) -> ChatFullInfo:
    """A chat's full info, with the defaults Telegram fills in."""
    chat = ctx.world.chat(p.chat_id).chat
    return ChatFullInfo(
        **msgspec.structs.asdict(chat),
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types=NO_GIFTS,
    )


@api_method(METHODS, "getChatMember", ChatQuery)
async def get_chat_member(ctx: CallContext, p: ChatQuery) -> ChatMember:
    """A user's status in a chat: "creator", "member" or "left"."""
    world = ctx.world
    record = world.chat(p.chat_id)
    user = world.users.get(p.user_id or 0)
    if user is None:
        raise bad_request("user not found")
    status = record.members.get(user.id, "left")
    return ChatMember(status=status, user=user, is_anonymous=False if status == "creator" else None)
