"""One typed configuration from the environment; a wrong value names its variable."""

from __future__ import annotations

from typing import Annotated

import msgspec
import pytest

from backend.settings import Settings
from bot.config import BotSettings, ConfigError, bot_config
from envconfig import EnvError, env_vars, from_env, markdown_table, var
from smallbatch.config import ServeSettings, load_config


class Sample(msgspec.Struct, frozen=True, kw_only=True):
    """Settings made for these tests."""

    port: Annotated[int, var("T_PORT", "a port", gt=0)] = 80
    ratio: Annotated[float, var("T_RATIO", "a ratio")] = 0.5
    secure: Annotated[bool, var("T_SECURE", "a flag")] = True
    path: Annotated[str | None, var("T_PATH", "a path", default="the built-in one")] = None
    internal: float = 1.0


def test_variables_are_converted_from_text_and_blank_ones_keep_the_default() -> None:
    got = from_env(
        Sample, {"T_PORT": "8080", "T_RATIO": "0.25", "T_SECURE": "false", "T_PATH": " "}
    )
    assert got == Sample(port=8080, ratio=0.25, secure=False, path=None)


def test_a_field_without_a_variable_is_not_read() -> None:
    assert [v.field for v in env_vars(Sample)] == ["port", "ratio", "secure", "path"]


@pytest.mark.parametrize(("name", "value"), [("T_PORT", "0"), ("T_PORT", "x"), ("T_RATIO", "?")])
def test_a_wrong_value_fails_naming_its_variable(name: str, value: str) -> None:
    with pytest.raises(EnvError, match=f"^{name}: "):
        from_env(Sample, {name: value})


def test_the_table_shows_defaults_as_a_reader_needs_them() -> None:
    rows = markdown_table([Sample], skip={"T_RATIO"}).splitlines()
    assert rows[2:] == [
        "| `T_PORT` | `80` | a port |",
        "| `T_SECURE` | `true` | a flag |",
        "| `T_PATH` | the built-in one | a path |",
    ]


def test_no_environment_gives_the_documented_defaults() -> None:
    config = load_config({})
    assert config == load_config({"SMALLBATCH_BOT": "", "TELEGRAM_BOT_TOKEN": " "})
    assert config.backend == Settings()
    assert config.bot == BotSettings()
    assert config.serve == ServeSettings()
    assert not config.telegram


def test_serve_settings_are_checked() -> None:
    assert load_config({"SMALLBATCH_BOT": "off"}).serve.bot == "off"
    with pytest.raises(EnvError, match="SMALLBATCH_BOT"):
        load_config({"SMALLBATCH_BOT": "maybe"})
    with pytest.raises(EnvError, match="SMALLBATCH_EMULATOR_PORT"):
        load_config({"SMALLBATCH_EMULATOR_PORT": "70000"})


def test_the_bot_is_configured_from_typed_values_and_what_the_root_knows_better() -> None:
    settings = BotSettings(
        token="1:env", staff_chat_id="-100", staff_telegram_ids="5", webhook_listen="0.0.0.0:9"
    )
    config = bot_config(
        settings,
        bot_key="k",
        backend_url="http://127.0.0.1:8000/",
        token="2:emulator",
        api_server="http://127.0.0.1:8081",
        staff_chat_id=-7,
        more_staff=frozenset({6}),
    )
    assert (config.token, config.bot_key, config.backend_url) == (
        "2:emulator",
        "k",
        "http://127.0.0.1:8000",
    )
    assert (config.api_server, config.staff_chat_id) == ("http://127.0.0.1:8081", -7)
    assert config.staff_ids == frozenset({5, 6})
    assert (config.webhook_host, config.webhook_port) == ("0.0.0.0", 9)
    plain = bot_config(settings, bot_key="k")
    assert (plain.token, plain.staff_chat_id, plain.backend_url) == (
        "1:env",
        -100,
        "http://127.0.0.1:8000",
    )


def test_a_bot_without_any_token_is_refused_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        bot_config(BotSettings(), bot_key="k")
