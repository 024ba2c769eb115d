"""The `smallbatch` command starts light: a sub-command's stack loads only when it runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smallbatch.cli import COMMANDS, build_parser, main

HEAVY = ("litestar", "aiogram", "aiosqlite", "trimesh", "numpy", "backend", "bot", "sandbox")


def loaded_after(code: str) -> set[str]:
    """The top-level modules a fresh interpreter has loaded after running `code`."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {name.split(".")[0] for name in out.stdout.split()}


def test_importing_the_command_loads_no_web_bot_or_geometry_stack() -> None:
    # Every sandbox worker re-imports the main script, which imports this module.
    assert loaded_after("import smallbatch.cli") & set(HEAVY) == set()


def test_the_help_lists_every_sub_command_without_importing_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    for name, (_, help_text) in COMMANDS.items():
        assert name in shown and help_text in shown


def test_a_sub_command_gets_its_own_arguments() -> None:
    args = build_parser("quote").parse_args(["quote", "part.stl", "--qty", "5", "--json"])
    assert (args.file, args.qty, args.json) == ("part.stl", "5", True)
    assert callable(args.run)


def test_an_unknown_sub_command_is_refused_with_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["polish", "part.stl"])
    assert done.value.code == 2
    assert "invalid choice: 'polish'" in capsys.readouterr().err
