"""What a program driving the emulator over HTTP needs: wait for the bot's answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx


def wait_for_bot(
    client: httpx.Client, chat: int, found: Callable[[dict[str, Any]], bool], deadline: float
) -> dict[str, Any]:
    """Long-poll the driver API until a bot message in `chat` satisfies `found`.

    `client` has the emulator's base URL; `deadline` is a `time.monotonic()` value.

    Raises:
        TimeoutError: no such message came before the deadline.
    """
    version = -1
    while time.monotonic() < deadline:
        log = client.get(
            f"/_emulator/chats/{chat}/messages", params={"since": version, "timeout": 5}
        ).json()
        version = log["version"]
        hit = next((m for m in log["messages"] if m["from_bot"] and found(m)), None)
        if hit is not None:
            return dict(hit)
    raise TimeoutError(f"the bot never answered in chat {chat}")
