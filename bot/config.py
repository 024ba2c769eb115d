"""The bot's configuration, read from environment variables (see bot/README.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

#: Where the backend keeps its generated bot key, relative to its data directory.
BOT_KEY_FILE = "bot.key"


STAFF_IDS = "SMALLBATCH_STAFF_TELEGRAM_IDS"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class BotConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the bot needs to run."""

    token: str
    bot_key: str  # the backend's bot API key
    backend_url: str = "http://127.0.0.1:8000"
    api_server: str | None = None  # a custom Bot API server (the emulator); None: Telegram
    staff_chat_id: int | None = None  # the staff group that receives order cards
    staff_ids: frozenset[int] = frozenset()  # Telegram users allowed to press staff buttons
    webhook_url: str | None = None  # public URL Telegram posts updates to; None: polling
    webhook_secret: str | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8443
    events_wait: float = 25.0  # long-poll of the backend's event feed, seconds
    analysis_timeout: float = 180.0  # how long the bot waits for a part to be measured
    status_every: float = 0.5  # how often it checks a part's analysis

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on (the path of `webhook_url`)."""
        url = self.webhook_url or "/telegram/webhook"
        path = "/" + url.split("://", 1)[-1].partition("/")[2]
        return path if path != "/" else "/telegram/webhook"


def _ids(raw: str, var: str) -> frozenset[int]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise ConfigError(f"{var}: comma-separated Telegram user ids")
    return frozenset(int(p) for p in parts)


def read_bot_key(env: Mapping[str, str]) -> str:
    """`SMALLBATCH_BOT_KEY`, else the key the backend generated into its data directory."""
    key = env.get("SMALLBATCH_BOT_KEY", "").strip()
    if key:
        return key
    path = Path(env.get("SMALLBATCH_DATA_DIR", "").strip() or "./var") / BOT_KEY_FILE
    try:
        key = path.read_text().strip()
    except OSError as error:
        raise ConfigError(
            f"SMALLBATCH_BOT_KEY is not set and {path} cannot be read ({error.strerror})"
        ) from None
    if not key:
        raise ConfigError(f"SMALLBATCH_BOT_KEY is not set and {path} is empty")
    return key


def config_from_env(
    env: Mapping[str, str] | None = None, *, token: str | None = None, api_server: str | None = None
) -> BotConfig:
    """The bot's settings from `env` (default: the process environment).

    `token` and `api_server` override the environment: `smallbatch serve` passes the
    emulator's when no `TELEGRAM_BOT_TOKEN` is set.
    """
    env = os.environ if env is None else env
    token = token or env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN: the bot's token from @BotFather")
    chat = env.get("SMALLBATCH_STAFF_CHAT_ID", "").strip()
    if chat and not chat.lstrip("-").isdigit():
        raise ConfigError("SMALLBATCH_STAFF_CHAT_ID: a Telegram chat id (e.g. -1001234567890)")
    webhook = env.get("SMALLBATCH_WEBHOOK_URL", "").strip() or None
    secret = env.get("SMALLBATCH_WEBHOOK_SECRET", "").strip() or None
    if webhook and not secret:
        raise ConfigError("SMALLBATCH_WEBHOOK_SECRET: required with SMALLBATCH_WEBHOOK_URL")
    listen = env.get("SMALLBATCH_WEBHOOK_LISTEN", "").strip() or "127.0.0.1:8443"
    host, _, port = listen.rpartition(":")
    if not port.isdigit():
        raise ConfigError("SMALLBATCH_WEBHOOK_LISTEN: HOST:PORT")
    default_backend = "http://{}:{}".format(
        env.get("SMALLBATCH_HOST", "").strip() or "127.0.0.1",
        env.get("SMALLBATCH_PORT", "").strip() or "8000",
    )
    return BotConfig(
        token=token,
        bot_key=read_bot_key(env),
        backend_url=(env.get("SMALLBATCH_BACKEND_URL", "").strip() or default_backend).rstrip("/"),
        api_server=api_server or env.get("TELEGRAM_API_SERVER", "").strip() or None,
        staff_chat_id=int(chat) if chat else None,
        staff_ids=_ids(
            env.get("SMALLBATCH_STAFF_TELEGRAM_IDS", ""), "SMALLBATCH_STAFF_TELEGRAM_IDS"
        ),
        webhook_url=webhook,
        webhook_secret=secret,
        webhook_host=host or "127.0.0.1",
        webhook_port=int(port),
    )
