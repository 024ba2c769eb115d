"""Configuration from the environment: defaults for everything, errors that name the variable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from backend.settings import (
    ENV_FIELDS,
    Settings,
    SettingsError,
    resolve_bot_key,
    settings_from_env,
)


def test_no_environment_at_all_gives_the_documented_defaults() -> None:
    settings = settings_from_env({})
    assert settings == Settings()
    assert (settings.data_dir, settings.host, settings.port) == ("./var", "127.0.0.1", 8000)
    assert settings.quote_ttl_days == 14


def test_every_variable_is_read() -> None:
    env = {
        "SMALLBATCH_DATA_DIR": "/srv/sb",
        "SMALLBATCH_PORT": "9000",
        "SMALLBATCH_MAX_UPLOAD_MB": "5",
        "SMALLBATCH_WORKER_WALL_SECONDS": "12.5",
        "SMALLBATCH_BOT_KEY": "k",
        "TELEGRAM_PAYMENT_PROVIDER_TOKEN": "284685063:TEST:x",
    }
    settings = settings_from_env(env)
    assert settings.data_dir == "/srv/sb"
    assert settings.port == 9000
    assert settings.limits.max_file_bytes == 5 * 1024 * 1024
    assert settings.limits.worker_wall_seconds == 12.5
    assert settings.bot_key == "k"
    assert settings.payment_provider_token == "284685063:TEST:x"  # the bot's, shared: payment on
    assert all(
        var.startswith("SMALLBATCH_") or var == "TELEGRAM_PAYMENT_PROVIDER_TOKEN"
        for var in ENV_FIELDS
    )


@pytest.mark.parametrize(
    ("var", "value"),
    [("SMALLBATCH_PORT", "eighty"), ("SMALLBATCH_PORT", "0"), ("SMALLBATCH_LOG_LEVEL", "loud")],
)
def test_a_bad_value_names_its_variable(var: str, value: str) -> None:
    with pytest.raises(SettingsError, match=var):
        settings_from_env({var: value})


def test_without_a_bot_key_one_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=str(tmp_path))
    key, path = resolve_bot_key(settings)
    assert path == tmp_path / "bot.key"
    assert len(key) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert resolve_bot_key(settings) == (key, path)  # the same key after a restart


def test_a_bot_key_from_the_environment_writes_no_file(tmp_path: Path) -> None:
    assert resolve_bot_key(Settings(data_dir=str(tmp_path), bot_key="secret")) == ("secret", None)
    assert not (tmp_path / "bot.key").exists()
