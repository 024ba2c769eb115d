"""`smallbatch serve` without a token: backend, bot and emulator together, chat page printed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tests.test_bot.shop import BRACKET, free_port

REPO = Path(__file__).resolve().parents[2]


def _wait_for_bot(client: httpx.Client, chat: int, found: Any, deadline: float) -> dict[str, Any]:
    """Long-poll the emulator's driver API until a bot message satisfies `found`."""
    version = -1
    while time.monotonic() < deadline:
        log = client.get(
            f"/_emulator/chats/{chat}/messages", params={"since": version, "timeout": 5}
        ).json()
        version = log["version"]
        hit = next((m for m in log["messages"] if m["from_bot"] and found(m)), None)
        if hit is not None:
            return dict(hit)
    raise AssertionError("the bot never answered")


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
            _wait_for_bot(client, alice, lambda m: "smallbatch" in (m["text"] or ""), deadline)
            client.post(
                f"/_emulator/chats/{alice}/documents",
                data={"user_id": str(alice)},
                files={"file": ("bracket.stl", BRACKET)},
            )
            card = _wait_for_bot(client, alice, lambda m: m["photo_url"] is not None, deadline)
            assert "bracket.stl" in card["text"]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0
