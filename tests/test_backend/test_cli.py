"""`smallbatch staff add` and `smallbatch serve` from the command line."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from tests.test_backend.api import REPO
from tests.test_backend.server import Server, add_staff, environment, smallbatch


def test_staff_add_prints_the_new_token_alone_on_the_last_line(tmp_path: Path) -> None:
    token = add_staff(tmp_path / "data", "bob", "admin")
    assert re.fullmatch(r"stf_[0-9a-f]{28}\.[A-Za-z0-9_-]{40,}", token)
    with closing(sqlite3.connect(tmp_path / "data" / "smallbatch.db")) as db:
        [(name, role, stored)] = list(db.execute("SELECT name, role, token_hash FROM staff"))
    assert (name, role) == ("bob", "admin")
    assert token not in stored and stored.startswith("$argon2")


def test_staff_add_refuses_a_taken_name(tmp_path: Path) -> None:
    add_staff(tmp_path / "data", "bob")
    again = subprocess.run(
        [*smallbatch(), "staff", "add", "bob"],
        env=environment(tmp_path / "data"),
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert again.returncode == 2
    assert "already" in again.stderr


def test_serve_refuses_a_bad_setting_naming_the_variable(tmp_path: Path) -> None:
    done = subprocess.run(
        [*smallbatch(), "serve"],
        env=environment(tmp_path / "data", SMALLBATCH_PORT="http"),
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 2
    assert "SMALLBATCH_PORT" in done.stderr


def test_serve_refuses_a_bad_setting_before_loading_the_web_stack_and_the_bot(
    tmp_path: Path,
) -> None:
    # Under load those imports take many seconds: a typo must be answered at once.
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "smallbatch", "serve"],
        env=environment(tmp_path / "data", SMALLBATCH_PORT="http"),
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 2
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "smallbatch.config" in imported  # the import log is really there
    assert not imported & {"litestar", "aiogram", "backend.app", "bot.runner"}


def test_serve_backend_only_never_imports_the_bot_stack(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", PYTHONPROFILEIMPORTTIME="1")
    server.start()
    server.stop()
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in server.log.read_text().splitlines()
        if line.startswith("import time:")
    }
    assert "litestar" in imported  # the import log is really there
    assert not {name for name in imported if name.split(".")[0] == "aiogram"}
