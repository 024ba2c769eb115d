"""The rooms of the code stay where STYLE.md puts them: imports flow one way."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "smallbatch",
    "envconfig",
    "vocabulary",
    "backend",
    "bot",
    "sandbox",
    "geometry",
    "pricing",
    "planning",
)


def modules(package: str) -> Iterator[Path]:
    """Every Python file of `package`."""
    yield from sorted((ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """The top two levels of every module `path` imports (`bot.emulator`, `backend.app` …)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {".".join(name.split(".")[:2]) for name in names} | {n.split(".")[0] for n in names}


def importers(target: str) -> list[str]:
    """The modules (relative paths) that import `target` or something inside it."""
    return [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in modules(package)
        if target in imported(path)
    ]


def test_the_backend_never_imports_the_bot_or_the_application_package() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in modules("backend")
        if imported(path) & {"bot", "smallbatch"}
    ]
    assert offenders == []


def test_only_the_composition_root_imports_the_application_package() -> None:
    outside = [name for name in importers("smallbatch") if not name.startswith("smallbatch/")]
    assert outside == []


def test_the_emulator_is_imported_only_by_the_no_token_path() -> None:
    outside = [name for name in importers("bot.emulator") if not name.startswith("bot/emulator/")]
    assert outside == ["smallbatch/emulated.py"]


@pytest.mark.parametrize(
    "package", ["geometry", "pricing", "planning", "envconfig", "vocabulary", "sandbox"]
)
def test_the_pure_packages_import_no_web_bot_or_database_code(package: str) -> None:
    forbidden = {
        "litestar",
        "aiogram",
        "aiosqlite",
        "aiohttp",
        "uvicorn",
        "backend",
        "bot",
        "smallbatch",
    }
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported(path) & forbidden)
        for path in modules(package)
        if imported(path) & forbidden
    }
    assert offenders == {}


def test_every_environment_variable_is_read_through_a_settings_definition() -> None:
    """A `SMALLBATCH_*` name in code outside the settings modules means a second reader."""
    settings_modules = {
        "backend/settings.py",
        "bot/config.py",
        "smallbatch/config.py",
        "sandbox/settings.py",  # the server's workers and a one-shot command's alike
        "backend/jobs/settings.py",  # the job queue's broker, for `serve` and `worker` alike
    }
    pattern = re.compile(r"""["'](SMALLBATCH_[A-Z_]+|TELEGRAM_[A-Z_]+)["']""")
    readers = {
        str(path.relative_to(ROOT)): pattern.findall(path.read_text())
        for package in PACKAGES
        for path in modules(package)
        if str(path.relative_to(ROOT)) not in settings_modules
    }
    assert {name: found for name, found in readers.items() if found} == {}
