"""`smallbatch serve` without a token: backend, bot and emulator together, chat page printed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.emulator.client import wait_for_bot
from tests.test_bot.shop import BRACKET, free_port

REPO = Path(__file__).resolve().parents[2]


def test_serve_without_a_token_lets_a_person_chat_with_the_bot_in_a_browser(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMALLBATCH_", "TELEGRAM_"))}
    env |= {
        "SMALLBATCH_DATA_DIR": str(tmp_path / "data"),
        "SMALLBATCH_PORT": str(free_port()),
        "SMALLBATCH_EMULATOR_PORT": str(free_port()),
        "SMALLBATCH_ANALYSIS_WORKERS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "from smallbatch.cli import main; main()", "serve"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = ""
        for line in process.stdout:
            if line.startswith("Chat with the bot in a browser: "):
                url = line.split(": ", 1)[1].strip().rstrip("/")
                break
        assert url.endswith(env["SMALLBATCH_EMULATOR_PORT"])
        deadline = time.monotonic() + 90
        with httpx.Client(base_url=url, timeout=30) as client:
            assert "<html" in client.get("/").text
            state = client.get("/_emulator/state").json()
            alice = next(u["id"] for u in state["users"] if u["first_name"] == "Alice")
            client.post(
                f"/_emulator/chats/{alice}/messages", json={"user_id": alice, "text": "/start"}
            )
            wait_for_bot(client, alice, lambda m: "smallbatch" in (m["text"] or ""), deadline)
            client.post(
                f"/_emulator/chats/{alice}/documents",
                data={"user_id": str(alice)},
                files={"file": ("bracket.stl", BRACKET)},
            )
            card = wait_for_bot(client, alice, lambda m: m["photo_url"] is not None, deadline)
            assert "bracket.stl" in card["text"]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0
