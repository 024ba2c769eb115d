"""Stopping a real `smallbatch serve` (backend, bot and emulator): quick, clean, exit 0.

A long poll waiting on the event feed gets its empty answer, an upload still arriving is
refused and its temp file removed, the bot stops polling and closes its sessions, and
nothing prints a traceback, for Ctrl-C and for SIGTERM alike.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.test_backend.api import BOT_KEY, REPO, bot
from tests.test_backend.rawhttp import answer_and_close, stalled_upload, status_of
from tests.test_backend.server import free_port

#: The issue's bound for a stop, from the signal to the process's exit.
STOP_SECONDS = 3
AFTER = 10**9  # a cursor past every event: the poll can only wait


def start_serve(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, int]:
    """`smallbatch serve` without a token (so with the bot and the emulator); ready to chat."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMALLBATCH_", "TELEGRAM_"))}
    port = free_port()
    env |= {
        "SMALLBATCH_DATA_DIR": str(tmp_path / "data"),
        "SMALLBATCH_PORT": str(port),
        "SMALLBATCH_EMULATOR_PORT": str(free_port()),
        "SMALLBATCH_BOT_KEY": BOT_KEY,
        "SMALLBATCH_ANALYSIS_WORKERS": "1",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from smallbatch.cli import main; sys.exit(main())",
             "serve"],
            env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 180
    while b"Chat with the bot in a browser" not in log.read_bytes():
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.1)
    while b"Run polling" not in log.read_bytes():  # the bot is polling the emulator
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.1)
    return process, log, port


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_stopping_serve_answers_long_polls_empty_and_exits_cleanly_within_3_s(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    process, log, port = start_serve(tmp_path)
    try:
        polled: list[httpx.Response] = []
        poll = threading.Thread(
            target=lambda: polled.append(
                httpx.get(
                    f"http://127.0.0.1:{port}/api/v1/events",
                    params={"after": AFTER, "wait": 30},
                    headers=bot(),
                    timeout=60,
                )
            )
        )
        poll.start()
        upload = stalled_upload(port)
        temp = tmp_path / "data" / "tmp"
        deadline = time.monotonic() + 30
        while not list(temp.glob("upload-*")):
            assert time.monotonic() < deadline, "the upload never started"
            time.sleep(0.05)
        time.sleep(1)  # the poll is surely waiting by now

        process.send_signal(stop_signal)
        sent = time.monotonic()
        status = process.wait(timeout=30)
        took = time.monotonic() - sent
        poll.join(timeout=10)
        refused, _ = answer_and_close(upload, 10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log.read_text()
    assert status == 0, output[-3000:]
    assert took < STOP_SECONDS, f"{took:.1f} s\n{output[-3000:]}"
    assert polled, "the long poll got no answer"
    assert polled[0].status_code == 200
    assert polled[0].json() == {"events": [], "cursor": AFTER}
    assert status_of(refused) == 503
    assert list(temp.glob("upload-*")) == []
    assert "Polling stopped" in output
    assert "Traceback" not in output
    assert "Unclosed" not in output
