"""The bot's configuration, read from environment variables (see bot/README.md)."""

from __future__ import annotations

import os
import re
import secrets
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import msgspec

from bot.i18n import DEFAULT, LOCALES
from envconfig import EnvError, from_env, var

#: Where the backend keeps its generated bot key, relative to its data directory.
BOT_KEY_FILE = "bot.key"


STAFF_IDS = "SMALLBATCH_STAFF_TELEGRAM_IDS"
STAFF_CHAT = "SMALLBATCH_STAFF_CHAT_ID"
STAFF_LANGUAGE = "SMALLBATCH_STAFF_LANGUAGE"
STATE_URL = "SMALLBATCH_BOT_STATE_URL"
LEASE_SECONDS = "SMALLBATCH_BOT_LEASE_SECONDS"
#: What a lease may last: the backend's own limits.
LEASE_RANGE = (1.0, 3600.0)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{0,256}")  # what Telegram allows as a secret token


def replica_name() -> str:
    """This bot process's name as a lease holder: host, process id and a random tag."""
    return f"bot:{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class ConfigError(EnvError):
    """A setting is missing or malformed; the message names the variable."""


class BotConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the bot needs to run."""

    token: str
    bot_key: str  # the backend's bot API key
    backend_url: str = "http://127.0.0.1:8000"
    api_server: str | None = None  # a custom Bot API server (the emulator); None: Telegram
    staff_chat_id: int | None = None  # the staff group that receives order cards
    staff_ids: frozenset[int] = frozenset()  # Telegram users allowed to press staff buttons
    staff_language: str = DEFAULT  # the staff group's one language (cards, prompts, answers)
    webhook_url: str | None = None  # public URL Telegram posts updates to; None: polling
    webhook_secret: str | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8443
    events_wait: float = 25.0  # long-poll of the backend's event feed, seconds
    analysis_timeout: float = 180.0  # how long the bot waits for a part to be measured
    status_every: float = 0.5  # how often it checks a part's analysis
    payment_provider_token: str | None = None  # Telegram Payments; None: payment off
    # Replicas: this process's name as a lease holder, the leases' length in seconds, and
    # the shared conversation state (Redis) webhook replicas need; None: in memory.
    replica: str = msgspec.field(default_factory=replica_name)
    lease_seconds: float = 15.0
    state_url: str | None = None

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on (the path of `webhook_url`)."""
        url = self.webhook_url or "/telegram/webhook"
        path = "/" + url.split("://", 1)[-1].partition("/")[2]
        return path if path != "/" else "/telegram/webhook"


class BotSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What the bot reads from its environment; each field names its variable.

    `config_from_env` (the bot on its own) and the composition root (`smallbatch serve`)
    both start from these, and bot/README.md's table is made from them.
    """

    token: Annotated[
        str,
        var(
            "TELEGRAM_BOT_TOKEN",
            "the bot's token from @BotFather; set, the bot talks to Telegram",
            default="unset: the local emulator",
        ),
    ] = ""
    staff_chat_id: Annotated[
        str,
        var(
            STAFF_CHAT,
            "the group that receives new order cards",
            default="unset (the emulator's staff group under `serve`)",
        ),
    ] = ""
    staff_telegram_ids: Annotated[
        str,
        var(
            STAFF_IDS,
            "comma-separated Telegram user ids allowed to press staff buttons (the backend "
            "accepts `X-Telegram-Staff-Id` only for them)",
            default="empty (the emulator's Sam under `serve`)",
        ),
    ] = ""
    staff_language: Annotated[
        str,
        var(
            STAFF_LANGUAGE,
            "language of everything the bot says in the staff group (`en` or `ru`): order "
            "cards, buttons, prompts and their answers; one for the whole group",
        ),
    ] = DEFAULT
    backend_url: Annotated[
        str,
        var(
            "SMALLBATCH_BACKEND_URL",
            "where the bot reaches the backend",
            default="`http://SMALLBATCH_HOST:SMALLBATCH_PORT`",
        ),
    ] = ""
    webhook_url: Annotated[
        str,
        var(
            "SMALLBATCH_WEBHOOK_URL",
            "public HTTPS URL for Telegram's webhook",
            default="unset: long polling",
        ),
    ] = ""
    webhook_secret: Annotated[
        str,
        var(
            "SMALLBATCH_WEBHOOK_SECRET",
            "checked on every webhook request (401 otherwise)",
            default="(required with the URL)",
        ),
    ] = ""
    webhook_listen: Annotated[
        str,
        var(
            "SMALLBATCH_WEBHOOK_LISTEN",
            "where the webhook server listens (put a TLS proxy in front)",
        ),
    ] = "127.0.0.1:8443"
    api_server: Annotated[
        str,
        var(
            "TELEGRAM_API_SERVER",
            "a custom Bot API server base URL (a self-hosted `telegram-bot-api`, or the emulator)",
            default="Telegram",
        ),
    ] = ""
    payment_provider_token: Annotated[
        str,
        var(
            "TELEGRAM_PAYMENT_PROVIDER_TOKEN",
            "the payment provider's token from @BotFather (Payments); set, customers pay in "
            "chat with Telegram Payments",
            default="unset: payment off, orders go straight to review",
        ),
    ] = ""
    state_url: Annotated[
        str,
        var(
            STATE_URL,
            "Redis URL (`redis://host:6379/0`) for the conversation state (checkout, profile) "
            "shared by bot replicas; needed by more than one webhook replica",
            default="unset: in the bot's memory",
        ),
    ] = ""
    lease_seconds: Annotated[
        str,
        var(
            LEASE_SECONDS,
            "how long a bot replica's lease lasts (the one poller, the one notifier); a "
            "replica that stops renewing is replaced within this",
        ),
    ] = "15"
    # The bot on its own (`python -m bot`) finds the backend's key and address from these.
    bot_key: Annotated[
        str,
        var(
            "SMALLBATCH_BOT_KEY",
            "the backend's bot key (the bot reads the generated file when unset)",
            default="`<data dir>/bot.key`",
        ),
    ] = ""
    data_dir: Annotated[
        str, var("SMALLBATCH_DATA_DIR", "where the backend keeps its generated bot key")
    ] = "./var"
    host: Annotated[str, var("SMALLBATCH_HOST", "the backend's address")] = "127.0.0.1"
    port: Annotated[str, var("SMALLBATCH_PORT", "the backend's port")] = "8000"

    @property
    def default_backend_url(self) -> str:
        """`SMALLBATCH_BACKEND_URL`, else the backend's own host and port."""
        url = self.backend_url.strip() or f"http://{self.host}:{self.port}"
        return url.rstrip("/")


def read_bot_settings(env: Mapping[str, str] | None = None) -> BotSettings:
    """The bot's variables from `env` (default: the process environment), checked."""
    settings = from_env(BotSettings, env, error=ConfigError)
    chat = settings.staff_chat_id.strip()
    if chat and not chat.lstrip("-").isdigit():
        raise ConfigError(f"{STAFF_CHAT}: a Telegram chat id (e.g. -1001234567890)")
    staff_ids(settings.staff_telegram_ids)
    if settings.staff_language.strip() not in LOCALES:
        raise ConfigError(f"{STAFF_LANGUAGE}: one of {', '.join(LOCALES)}")
    if settings.webhook_url.strip() and not settings.webhook_secret.strip():
        raise ConfigError("SMALLBATCH_WEBHOOK_SECRET: required with SMALLBATCH_WEBHOOK_URL")
    # Telegram's setWebhook refuses these; say so at start rather than fail on the first call.
    if settings.webhook_url.strip() and not settings.webhook_url.strip().startswith("https://"):
        raise ConfigError("SMALLBATCH_WEBHOOK_URL: an https:// URL (Telegram refuses others)")
    if not _SECRET_TOKEN.fullmatch(settings.webhook_secret.strip()):
        raise ConfigError("SMALLBATCH_WEBHOOK_SECRET: at most 256 of A-Z a-z 0-9 _ -")
    if not settings.webhook_listen.rpartition(":")[2].isdigit():
        raise ConfigError("SMALLBATCH_WEBHOOK_LISTEN: HOST:PORT")
    if settings.state_url.strip() and not settings.state_url.strip().startswith(
        ("redis://", "rediss://", "unix://")
    ):
        raise ConfigError(f"{STATE_URL}: a redis://, rediss:// or unix:// URL")
    lease_seconds(settings.lease_seconds)
    return settings


def lease_seconds(raw: str) -> float:
    """`"15"` as a lease length in seconds; anything else is a `ConfigError`."""
    try:
        seconds = float(raw.strip())
    except ValueError:
        seconds = -1.0
    low, high = LEASE_RANGE
    if not low <= seconds <= high:  # NaN fails this too
        raise ConfigError(f"{LEASE_SECONDS}: seconds from {low:g} to {high:g}")
    return seconds


def staff_ids(raw: str) -> frozenset[int]:
    """`"5, 6"` as Telegram user ids; anything else is a `ConfigError`."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise ConfigError(f"{STAFF_IDS}: comma-separated Telegram user ids")
    return frozenset(int(p) for p in parts)


def read_bot_key(settings: BotSettings) -> str:
    """`SMALLBATCH_BOT_KEY`, else the key the backend generated into its data directory."""
    if settings.bot_key.strip():
        return settings.bot_key.strip()
    path = Path(settings.data_dir.strip() or "./var") / BOT_KEY_FILE
    try:
        key = path.read_text().strip()
    except OSError as error:
        raise ConfigError(
            f"SMALLBATCH_BOT_KEY is not set and {path} cannot be read ({error.strerror})"
        ) from None
    if not key:
        raise ConfigError(f"SMALLBATCH_BOT_KEY is not set and {path} is empty")
    return key


def bot_config(
    settings: BotSettings,
    *,
    bot_key: str,
    token: str | None = None,
    api_server: str | None = None,
    backend_url: str | None = None,
    staff_chat_id: int | None = None,
    more_staff: frozenset[int] = frozenset(),
) -> BotConfig:
    """The running bot's configuration: `settings`, with what the caller knows better.

    The composition root passes the emulator's token, address, staff group and staff
    member when no Telegram token is set, and the backend's key and address it started.
    """
    token = token or settings.token.strip()
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN: the bot's token from @BotFather")
    chat = settings.staff_chat_id.strip()
    host, _, port = settings.webhook_listen.rpartition(":")
    return BotConfig(
        token=token,
        bot_key=bot_key,
        backend_url=(backend_url or settings.default_backend_url).rstrip("/"),
        api_server=api_server or settings.api_server.strip() or None,
        staff_chat_id=staff_chat_id if staff_chat_id is not None else int(chat) if chat else None,
        staff_ids=staff_ids(settings.staff_telegram_ids) | more_staff,
        staff_language=settings.staff_language.strip() or DEFAULT,
        webhook_url=settings.webhook_url.strip() or None,
        webhook_secret=settings.webhook_secret.strip() or None,
        webhook_host=host or "127.0.0.1",
        webhook_port=int(port),
        payment_provider_token=settings.payment_provider_token.strip() or None,
        lease_seconds=lease_seconds(settings.lease_seconds),
        state_url=settings.state_url.strip() or None,
    )


def config_from_env(env: Mapping[str, str] | None = None) -> BotConfig:
    """The bot's configuration from `env` alone (`python -m bot` against a running backend)."""
    settings = read_bot_settings(env)
    if not settings.token.strip():
        raise ConfigError("TELEGRAM_BOT_TOKEN: the bot's token from @BotFather")
    return bot_config(settings, bot_key=read_bot_key(settings))
