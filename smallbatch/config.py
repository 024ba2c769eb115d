"""The one typed configuration `smallbatch serve` runs on: the backend's, the bot's, its own.

Read once from the environment at start; every piece is then built from these values, never
from environment strings written and parsed back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec

from backend.settings import Settings, settings_from_env
from bot.config import BotSettings, read_bot_settings
from envconfig import EnvError, from_env, var


class ServeSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What `smallbatch serve` itself reads: whether the bot runs, and the emulator's port."""

    bot: Annotated[
        Literal["on", "off"],
        var("SMALLBATCH_BOT", "`off` (or `serve --backend-only`): the backend alone"),
    ] = "on"
    emulator_port: Annotated[
        int,
        var(
            "SMALLBATCH_EMULATOR_PORT",
            "the emulator's port under `serve` without a token (a free one if taken)",
            gt=0,
            lt=65536,
        ),
    ] = 8081


class Config(msgspec.Struct, frozen=True, kw_only=True):
    """Everything `smallbatch serve` needs, typed."""

    backend: Settings
    bot: BotSettings
    serve: ServeSettings

    @property
    def telegram(self) -> bool:
        """Whether a Telegram token is set (otherwise the local emulator stands in)."""
        return bool(self.bot.token.strip())


#: The settings types in the order the README's tables list them.
SETTINGS_TYPES = (Settings, BotSettings, ServeSettings)


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """The configuration from `env` (default: the process environment).

    Raises:
        EnvError: a variable holds a wrong value; the message names it.
    """
    return Config(
        backend=settings_from_env(env),
        bot=read_bot_settings(env),
        serve=from_env(ServeSettings, env, error=EnvError),
    )
