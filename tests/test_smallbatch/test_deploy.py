"""The Procfile, the systemd units and the environment example match the code they start."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest

from backend.jobs.settings import QueueSettings
from backend.settings import Settings
from bot.config import BotSettings
from envconfig import env_vars
from sandbox.settings import SandboxSettings
from smallbatch.cli import build_parser
from smallbatch.config import ServeSettings

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
#: Read by libraries rather than by a settings definition: boto3's and asyncpg's own.
LIBRARY_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
                     "PGPASSWORD"}  # fmt: skip
SECRET = re.compile(r"KEY|SECRET|TOKEN|PASSWORD")


def procfile() -> dict[str, str]:
    """The Procfile as process type -> command."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if line.strip() and not line.startswith("#"))


def unit_lines(unit: Path, key: str) -> list[str]:
    """The values of `key=` lines in a unit file."""
    return [line.split("=", 1)[1] for line in unit.read_text().splitlines()
            if line.startswith(f"{key}=")]  # fmt: skip


def starts_a_real_command(command: str) -> None:
    """`smallbatch …` parses as the CLI would take it; `python -m bot` names the bot's main."""
    words = shlex.split(command.replace("%i", "mesh"))
    program = Path(words[0]).name
    if program == "smallbatch":
        args = build_parser(words[1]).parse_args(words[1:])
        assert callable(args.run)
    else:
        assert program == "python" and words[1:] == ["-m", "bot"], command
        assert importlib.util.find_spec("bot.__main__") is not None


def test_the_procfile_starts_backend_replicas_the_bot_and_workers() -> None:
    processes = procfile()
    assert set(processes) == {"web", "bot", "worker"}
    assert processes["web"].split() == ["smallbatch", "serve", "--backend-only"]
    for command in processes.values():
        starts_a_real_command(command.strip())


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_each_systemd_unit_starts_a_real_command_with_the_shared_environment(unit: Path) -> None:
    [start] = unit_lines(unit, "ExecStart")
    starts_a_real_command(start)
    assert unit_lines(unit, "EnvironmentFile") == ["/etc/smallbatch/smallbatch.env"]
    if unit.name.endswith("@.service"):  # a template: the instance says which replica
        assert "%i" in unit.read_text().split("[Service]", 1)[1]
    assert unit_lines(unit, "WantedBy") == ["multi-user.target"]


def test_the_environment_example_names_only_real_settings_and_holds_no_secret() -> None:
    known = {
        v.name
        for settings in (Settings, SandboxSettings, QueueSettings, BotSettings, ServeSettings)
        for v in env_vars(settings)
    } | LIBRARY_VARIABLES
    pairs = [
        line.split("=", 1)
        for line in (ROOT / "deploy" / "smallbatch.env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    names = [name for name, _ in pairs]
    assert sorted(set(names) - known) == []
    assert len(names) == len(set(names))
    assert {name: value for name, value in pairs if SECRET.search(name) and value} == {}
    assert not any("#" in value for _, value in pairs)  # systemd would keep it in the value
    url = dict(pairs)["SMALLBATCH_DATABASE_URL"]
    assert url.startswith("postgresql://") and ":" not in url.split("//")[1].split("@")[0]
    assert {"SMALLBATCH_DATABASE_URL", "SMALLBATCH_BROKER_URL", "SMALLBATCH_S3_BUCKET",
            "SMALLBATCH_BOT_KEY", "SMALLBATCH_SESSION_SECRET"} <= set(names)  # fmt: skip
