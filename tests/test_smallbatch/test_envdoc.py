"""The README tables of environment variables are made from the settings' definitions."""

from __future__ import annotations

import shutil
from pathlib import Path

from backend.settings import Settings
from bot.config import BotSettings
from envconfig import env_vars
from smallbatch import envdoc
from smallbatch.config import ServeSettings


def test_the_readme_tables_match_the_settings_in_code() -> None:
    assert envdoc.drifted() == [], "run `python -m smallbatch.envdoc` and commit the READMEs"


def test_a_table_that_drifted_from_the_code_is_found(tmp_path: Path) -> None:
    for name in envdoc.READMES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(envdoc.ROOT / name, tmp_path / name)
    backend = tmp_path / "backend/README.md"
    text = backend.read_text()
    assert "| `SMALLBATCH_QUOTE_TTL_DAYS` | `14` |" in text
    backend.write_text(text.replace("| `SMALLBATCH_QUOTE_TTL_DAYS` | `14` |", "| X | 1 |"))
    assert envdoc.drifted(tmp_path) == ["backend/README.md"]
    assert envdoc.render(backend.read_text()) == text


def test_every_setting_read_from_the_environment_is_in_a_readme_table() -> None:
    documented = "\n".join((envdoc.ROOT / name).read_text() for name in envdoc.READMES)
    for settings_type in (Settings, BotSettings, ServeSettings):
        for var in env_vars(settings_type):
            assert f"| `{var.name}` |" in documented, var.name
            assert var.meaning, f"{var.name} says nothing about what it means"
