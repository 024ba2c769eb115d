"""The bot's settings from the environment; a wrong one names its variable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import ConfigError, config_from_env


def test_the_bot_reads_the_key_the_backend_generated(tmp_path: Path) -> None:
    (tmp_path / "bot.key").write_text("generated-key\n")
    config = config_from_env(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "SMALLBATCH_DATA_DIR": str(tmp_path),
            "SMALLBATCH_STAFF_CHAT_ID": "-1001",
            "SMALLBATCH_STAFF_TELEGRAM_IDS": "5, 6",
        }
    )
    assert config.bot_key == "generated-key"
    assert config.backend_url == "http://127.0.0.1:8000"
    assert config.staff_chat_id == -1001
    assert config.staff_ids == frozenset({5, 6})
    assert config.webhook_url is None
    assert config.staff_language == "en"


def test_the_staff_group_language_is_read_from_its_variable() -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_KEY": "k"}
    assert config_from_env({**env, "SMALLBATCH_STAFF_LANGUAGE": "ru"}).staff_language == "ru"


def test_replicas_read_their_shared_state_and_lease_length_and_are_named_apart() -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_KEY": "k"}
    plain = config_from_env(env)
    assert (plain.state_url, plain.lease_seconds) == (None, 15.0)
    shared = config_from_env(
        env
        | {"SMALLBATCH_BOT_STATE_URL": "redis://cache:6379/2", "SMALLBATCH_BOT_LEASE_SECONDS": "6"}
    )
    assert (shared.state_url, shared.lease_seconds) == ("redis://cache:6379/2", 6.0)
    assert f":{os.getpid()}:" in plain.replica and plain.replica != shared.replica


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_STAFF_TELEGRAM_IDS": "sam"}, "STAFF_TELEGRAM"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_WEBHOOK_URL": "https://x/h"}, "WEBHOOK_SECRET"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_STAFF_LANGUAGE": "klingon"}, "STAFF_LANGUAGE"),
        # Telegram's setWebhook refuses a plain-HTTP URL and a secret outside A-Z a-z 0-9 _ -.
        (
            {
                "TELEGRAM_BOT_TOKEN": "1:a",
                "SMALLBATCH_WEBHOOK_URL": "http://bot.example.com/h",
                "SMALLBATCH_WEBHOOK_SECRET": "s3cret",
            },
            "WEBHOOK_URL",
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": "1:a",
                "SMALLBATCH_WEBHOOK_URL": "https://bot.example.com/h",
                "SMALLBATCH_WEBHOOK_SECRET": "not/a:token",
            },
            "WEBHOOK_SECRET",
        ),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_STATE_URL": "http://x"}, "BOT_STATE_URL"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_LEASE_SECONDS": "0"}, "LEASE_SECONDS"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_LEASE_SECONDS": "nan"}, "LEASE_SECONDS"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_LEASE_SECONDS": "1e9"}, "LEASE_SECONDS"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SMALLBATCH_BOT_LEASE_SECONDS": "soon"}, "LEASE_SECONDS"),
    ],
)
def test_a_wrong_setting_names_its_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        config_from_env({"SMALLBATCH_BOT_KEY": "k", **env})
