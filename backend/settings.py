"""Configuration of the backend, read from `SMALLBATCH_*` environment variables.

Every variable has a default, so `smallbatch serve` runs on a fresh machine with
no configuration at all. A wrong value fails at start with the variable's name.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import msgspec

from geometry.limits import MB, Limits

BOT_KEY_FILE = "bot.key"
SESSION_SECRET_FILE = "session.key"


class SettingsError(Exception):
    """A configuration value is missing or malformed; the message names the variable."""


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Everything the backend reads from its environment, with the defaults it runs on."""

    data_dir: str = "./var"
    host: str = "127.0.0.1"
    port: int = 8000
    rate_card: str | None = None  # None: the card shipped with the pricing package
    bot_key: str | None = None  # None: generated once into <data_dir>/bot.key
    max_upload_mb: int = 100
    max_faces: int = 5_000_000
    worker_cpu_seconds: int = 60
    worker_memory_mb: int = 4096
    worker_wall_seconds: float = 90.0
    analysis_workers: int = 2
    uploads_per_hour: int = 30
    quote_ttl_days: int = 14
    events_max_wait: float = 30.0
    events_poll_seconds: float = 1.0  # how often a long poll re-reads the database
    # The staff console (backend/console/README.md).
    session_secret: str | None = None  # None: generated once into <data_dir>/session.key
    console_secure_cookies: bool = True  # browsers keep Secure cookies on http://localhost
    console_session_hours: int = 12
    min_free_mb: int = 100
    busy_timeout_ms: int = 5000
    log_level: str = "info"
    # The bot's additions: staff who act from Telegram, and one-time upload pages.
    staff_telegram_ids: str = ""  # comma-separated Telegram user ids the bot may act for as staff
    public_url: str | None = None  # how customers' browsers reach this server (upload pages)
    upload_link_minutes: int = 60

    @property
    def data_path(self) -> Path:
        """The data directory as a path."""
        return Path(self.data_dir)

    @property
    def database_path(self) -> Path:
        """The SQLite file."""
        return self.data_path / "smallbatch.db"

    @property
    def limits(self) -> Limits:
        """The geometry limits every analysis runs under."""
        return Limits(
            max_file_bytes=self.max_upload_mb * MB,
            max_faces=self.max_faces,
            worker_cpu_seconds=self.worker_cpu_seconds,
            worker_memory_bytes=self.worker_memory_mb * MB,
            worker_wall_seconds=self.worker_wall_seconds,
        )

    @property
    def staff_telegram_id_set(self) -> frozenset[str]:
        """The Telegram user ids the bot may name as staff (`X-Telegram-Staff-Id`)."""
        return frozenset(i.strip() for i in self.staff_telegram_ids.split(",") if i.strip())

    @property
    def base_url(self) -> str:
        """The server's public address, without a trailing slash."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def max_upload_bytes(self) -> int:
        """The largest file a customer may upload."""
        return self.max_upload_mb * MB


#: Environment variable -> settings field. The README lists every one with its default.
ENV_FIELDS = {
    "SMALLBATCH_DATA_DIR": "data_dir",
    "SMALLBATCH_HOST": "host",
    "SMALLBATCH_PORT": "port",
    "SMALLBATCH_RATE_CARD": "rate_card",
    "SMALLBATCH_BOT_KEY": "bot_key",
    "SMALLBATCH_MAX_UPLOAD_MB": "max_upload_mb",
    "SMALLBATCH_MAX_FACES": "max_faces",
    "SMALLBATCH_WORKER_CPU_SECONDS": "worker_cpu_seconds",
    "SMALLBATCH_WORKER_MEMORY_MB": "worker_memory_mb",
    "SMALLBATCH_WORKER_WALL_SECONDS": "worker_wall_seconds",
    "SMALLBATCH_ANALYSIS_WORKERS": "analysis_workers",
    "SMALLBATCH_UPLOADS_PER_HOUR": "uploads_per_hour",
    "SMALLBATCH_QUOTE_TTL_DAYS": "quote_ttl_days",
    "SMALLBATCH_EVENTS_MAX_WAIT": "events_max_wait",
    "SMALLBATCH_SESSION_SECRET": "session_secret",
    "SMALLBATCH_CONSOLE_SECURE_COOKIES": "console_secure_cookies",
    "SMALLBATCH_CONSOLE_SESSION_HOURS": "console_session_hours",
    "SMALLBATCH_MIN_FREE_MB": "min_free_mb",
    "SMALLBATCH_DB_BUSY_TIMEOUT_MS": "busy_timeout_ms",
    "SMALLBATCH_LOG_LEVEL": "log_level",
    "SMALLBATCH_STAFF_TELEGRAM_IDS": "staff_telegram_ids",
    "SMALLBATCH_PUBLIC_URL": "public_url",
    "SMALLBATCH_UPLOAD_LINK_MINUTES": "upload_link_minutes",
}

_POSITIVE = {
    "port",
    "max_upload_mb",
    "max_faces",
    "worker_cpu_seconds",
    "worker_memory_mb",
    "worker_wall_seconds",
    "analysis_workers",
    "uploads_per_hour",
    "quote_ttl_days",
    "console_session_hours",
    "busy_timeout_ms",
    "upload_link_minutes",
}


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from `env` (default: the process environment); unset or empty means default."""
    env = os.environ if env is None else env
    raw = {field: env[var] for var, field in ENV_FIELDS.items() if env.get(var, "").strip()}
    try:
        settings = msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        field = str(exc).rsplit("$.", 1)[-1].rstrip("`")
        var = next((v for v, f in ENV_FIELDS.items() if f == field), "SMALLBATCH_*")
        raise SettingsError(f"{var}: {exc}") from exc
    for field in _POSITIVE:
        if getattr(settings, field) <= 0:
            var = next(v for v, f in ENV_FIELDS.items() if f == field)
            raise SettingsError(f"{var}: must be greater than 0")
    if any(not i.isdigit() for i in settings.staff_telegram_id_set):
        raise SettingsError("SMALLBATCH_STAFF_TELEGRAM_IDS: comma-separated Telegram user ids")
    if settings.log_level.lower() not in {"debug", "info", "warning", "error"}:
        raise SettingsError("SMALLBATCH_LOG_LEVEL: one of debug, info, warning, error")
    return settings


def ensure_data_dir(settings: Settings) -> None:
    """Create the data directory and its sub-folders (files, thumbnails, tmp)."""
    for sub in ("", "files", "thumbnails", "tmp"):
        (settings.data_path / sub).mkdir(parents=True, exist_ok=True)


def resolve_bot_key(settings: Settings) -> tuple[str, Path | None]:
    """The bot's API key, and the file it came from when it was not set in the environment.

    Without `SMALLBATCH_BOT_KEY` a random key is generated once and kept in
    `<data_dir>/bot.key` (mode 0600), so a fresh machine runs unconfigured and
    the key survives restarts.
    """
    if settings.bot_key:
        return settings.bot_key, None
    path = settings.data_path / BOT_KEY_FILE
    return _secret_file(path), path


def resolve_session_secret(settings: Settings) -> str:
    """The key that signs the console's CSRF tokens: the variable, else generated once.

    Like the bot key, a generated one lives in `<data_dir>/session.key` (mode 0600),
    so open sign-in forms stay valid across restarts.
    """
    if settings.session_secret:
        return settings.session_secret
    settings.data_path.mkdir(parents=True, exist_ok=True)
    return _secret_file(settings.data_path / SESSION_SECRET_FILE)


def _secret_file(path: Path) -> str:
    """The secret kept in `path`, created (random, mode 0600, fsynced) when missing."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if not key:
            raise SettingsError(f"{path} is empty; delete it to generate a new key") from None
        return key
    key = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
        out.flush()
        os.fsync(out.fileno())
    return key
