"""Configuration of the backend, read from `SMALLBATCH_*` environment variables.

Every variable has a default, so `smallbatch serve` runs on a fresh machine with
no configuration at all. A wrong value fails at start with the variable's name.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import msgspec

from backend.numerals import ascii_int
from envconfig import EnvError, env_vars, from_env, var
from geometry.limits import MB, Limits

BOT_KEY_FILE = "bot.key"
SESSION_SECRET_FILE = "session.key"


class SettingsError(EnvError):
    """A configuration value is missing or malformed; the message names the variable."""


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Everything the backend reads from its environment, with the defaults it runs on.

    Each field names its variable and says what it means; `settings_from_env` and the
    README's table (`python -m smallbatch.envdoc`) are both made from these definitions.
    """

    data_dir: Annotated[
        str,
        var(
            "SMALLBATCH_DATA_DIR",
            "database, stored files, thumbnails, price charts, generated bot key",
        ),
    ] = "./var"
    host: Annotated[str, var("SMALLBATCH_HOST", "address to listen on")] = "127.0.0.1"
    port: Annotated[int, var("SMALLBATCH_PORT", "port to listen on", gt=0, lt=65536)] = 8000
    rate_card: Annotated[
        str | None,
        var(
            "SMALLBATCH_RATE_CARD",
            "the shop's rate card (TOML), read at start; a wrong card fails with the path and "
            "the problem, e.g. `processes.sla.materials[2].density: expected > 0`",
            default="the card in `pricing/catalog.toml`",
        ),
    ] = None
    bot_key: Annotated[
        str | None,
        var(
            "SMALLBATCH_BOT_KEY",
            "the bot's API key (`Authorization: Bearer …`)",
            default="generated into `<data dir>/bot.key`",
        ),
    ] = None
    max_upload_mb: Annotated[
        int,
        var(
            "SMALLBATCH_MAX_UPLOAD_MB",
            "largest CAD file accepted (enforced while the upload streams)",
            gt=0,
        ),
    ] = 100
    max_faces: Annotated[int, var("SMALLBATCH_MAX_FACES", "largest mesh analysed", gt=0)] = (
        5_000_000
    )
    worker_cpu_seconds: Annotated[
        int,
        var("SMALLBATCH_WORKER_CPU_SECONDS", "CPU limit of one analysis worker process", gt=0),
    ] = 60
    worker_memory_mb: Annotated[
        int,
        var("SMALLBATCH_WORKER_MEMORY_MB", "address-space limit of one analysis worker", gt=0),
    ] = 4096
    worker_wall_seconds: Annotated[
        float, var("SMALLBATCH_WORKER_WALL_SECONDS", "wall-clock limit of one analysis", gt=0)
    ] = 90.0
    analysis_workers: Annotated[
        int,
        var("SMALLBATCH_ANALYSIS_WORKERS", "analyses running at once (per server process)", gt=0),
    ] = 2
    uploads_per_hour: Annotated[
        int,
        var(
            "SMALLBATCH_UPLOADS_PER_HOUR",
            "uploads per customer per clock hour (429 beyond)",
            gt=0,
        ),
    ] = 30
    # What one client can hold of the server (README "Security").
    read_timeout: Annotated[
        float,
        var(
            "SMALLBATCH_READ_TIMEOUT",
            "seconds a client may go quiet mid-request: a request's head must arrive within "
            "it, and its body may pause no longer (a stalled upload is cut off, 408)",
            gt=0,
        ),
    ] = 30.0
    keep_alive_seconds: Annotated[
        float,
        var(
            "SMALLBATCH_KEEP_ALIVE_SECONDS",
            "an idle connection (no request yet, or between requests) is closed after this",
            gt=0,
        ),
    ] = 5.0
    max_connections: Annotated[
        int,
        var(
            "SMALLBATCH_MAX_CONNECTIONS",
            "open connections at once; requests beyond are answered 503",
            gt=1,
        ),
    ] = 200
    max_uploads_at_once: Annotated[
        int,
        var(
            "SMALLBATCH_MAX_UPLOADS_AT_ONCE",
            "uploads being received at once (503 with `Retry-After` beyond)",
            gt=0,
        ),
    ] = 16
    payment_provider_token: Annotated[
        str,
        var(
            "TELEGRAM_PAYMENT_PROVIDER_TOKEN",
            "set: customers pay in chat with Telegram Payments (the backend only checks that it "
            "is set; the bot sends it with each invoice)",
            default="unset: payment off, orders go straight to review",
        ),
    ] = ""
    quote_ttl_days: Annotated[
        int, var("SMALLBATCH_QUOTE_TTL_DAYS", "how long a quote can be accepted", gt=0)
    ] = 14
    events_max_wait: Annotated[
        float,
        var("SMALLBATCH_EVENTS_MAX_WAIT", "longest long-poll on `/api/v1/events`, seconds", ge=0),
    ] = 30.0
    events_poll_seconds: float = 1.0  # how often a long poll re-reads the database (tests)
    min_free_mb: Annotated[
        int,
        var("SMALLBATCH_MIN_FREE_MB", "`/ready` answers 503 below this much free disk", ge=0),
    ] = 100
    database_url: Annotated[
        str | None,
        var(
            "SMALLBATCH_DATABASE_URL",
            "`postgresql://user:password@host:port/db`: PostgreSQL (asyncpg) instead of the "
            "SQLite file in the data directory; unreachable at start, `serve` exits 2",
            default="SQLite in `<data dir>/smallbatch.db`",
        ),
    ] = None
    busy_timeout_ms: Annotated[
        int,
        var("SMALLBATCH_DB_BUSY_TIMEOUT_MS", "how long a write waits for SQLite's lock", gt=0),
    ] = 5000
    log_level: Annotated[
        str, var("SMALLBATCH_LOG_LEVEL", "`debug`, `info`, `warning` or `error`")
    ] = "info"
    # The staff console (backend/console/README.md).
    session_secret: Annotated[
        str | None,
        var(
            "SMALLBATCH_SESSION_SECRET",
            "signs the staff console's CSRF tokens",
            default="generated into `<data dir>/session.key` (0600)",
        ),
    ] = None
    console_secure_cookies: Annotated[
        bool,
        var(
            "SMALLBATCH_CONSOLE_SECURE_COOKIES",
            "the `Secure` flag on console cookies (browsers keep them on `http://localhost` too)",
        ),
    ] = True
    console_session_hours: Annotated[
        int,
        var("SMALLBATCH_CONSOLE_SESSION_HOURS", "how long a console sign-in lasts", gt=0),
    ] = 12
    # The bot's additions: staff who act from Telegram, and one-time upload pages.
    staff_telegram_ids: Annotated[
        str,
        var(
            "SMALLBATCH_STAFF_TELEGRAM_IDS",
            "comma-separated Telegram user ids allowed to press staff buttons (the backend "
            "accepts `X-Telegram-Staff-Id` only for them)",
            default="empty (the emulator's Sam under `serve`)",
        ),
    ] = ""
    public_url: Annotated[
        str | None,
        var(
            "SMALLBATCH_PUBLIC_URL",
            "how customers' browsers reach the one-time upload pages",
            default="`http://SMALLBATCH_HOST:SMALLBATCH_PORT`",
        ),
    ] = None
    upload_link_minutes: Annotated[
        int,
        var("SMALLBATCH_UPLOAD_LINK_MINUTES", "how long a one-time upload link works", gt=0),
    ] = 60
    # Shared file storage (issue 14): both set means files live in an S3-compatible bucket;
    # credentials and region come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
    # AWS_DEFAULT_REGION, as every AWS tool reads them.
    s3_endpoint: Annotated[
        str | None,
        var(
            "SMALLBATCH_S3_ENDPOINT",
            "an S3-compatible endpoint (`https://…`) for stored files, thumbnails, charts, "
            "drawings and QC photos, with `SMALLBATCH_S3_BUCKET`; credentials from "
            "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`",
            default="unset: files under the data directory",
        ),
    ] = None
    s3_bucket: Annotated[
        str | None,
        var(
            "SMALLBATCH_S3_BUCKET",
            "the bucket (it must exist) on `SMALLBATCH_S3_ENDPOINT`",
            default="unset",
        ),
    ] = None

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


#: Environment variable -> settings field, from the fields' own definitions.
ENV_FIELDS = {v.name: v.field for v in env_vars(Settings)}
LOG_LEVELS = ("debug", "info", "warning", "error")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from `env` (default: the process environment); unset or empty means default."""
    settings = from_env(Settings, env, error=SettingsError)
    if any(ascii_int(i) is None for i in settings.staff_telegram_id_set):
        raise SettingsError("SMALLBATCH_STAFF_TELEGRAM_IDS: comma-separated Telegram user ids")
    if settings.log_level.lower() not in LOG_LEVELS:
        raise SettingsError("SMALLBATCH_LOG_LEVEL: one of debug, info, warning, error")
    if settings.database_url and not settings.database_url.startswith(POSTGRES_SCHEMES):
        raise SettingsError("SMALLBATCH_DATABASE_URL: a postgresql://… URL")
    if bool(settings.s3_endpoint) != bool(settings.s3_bucket):
        missing = "SMALLBATCH_S3_BUCKET" if settings.s3_endpoint else "SMALLBATCH_S3_ENDPOINT"
        raise SettingsError(f"{missing}: set both S3 variables, or neither for local files")
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
