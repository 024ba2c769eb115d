"""Idle connections: the emulator keeps them longer than a client's pool, as Telegram does.

A server that closes an idle connection while the client still pools it races the client's
next request on it: the request is reset (aiogram's TelegramNetworkError), seen in the suite
under load. With the emulator keeping connections longer, the client always lets go first.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from backend.settings import Settings
from bot.api import POOL_IDLE_SECONDS
from bot.emulator import RunningEmulator
from bot.emulator.runner import IDLE_CONNECTION_SECONDS

pytestmark = pytest.mark.anyio

#: aiohttp's TCPConnector keeps an idle connection this long by default (aiogram uses it).
AIOHTTP_POOL_SECONDS = 15.0


async def test_an_idle_connection_is_still_open_after_uvicorns_default_keep_alive(
    emulator: RunningEmulator,
) -> None:
    url = urlsplit(emulator.url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    request = f"GET /bot{emulator.world.token}/getMe HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    try:
        for _ in range(2):  # the second request, on the same connection, after 5 s of quiet
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            assert head.startswith(b"HTTP/1.1 200"), head
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            await asyncio.sleep(5.5)  # uvicorn's default keep-alive (5 s) would close it here
    finally:
        writer.close()
    assert IDLE_CONNECTION_SECONDS > AIOHTTP_POOL_SECONDS


def test_the_bot_lets_go_of_backend_connections_before_the_backend_closes_them() -> None:
    assert Settings().keep_alive_seconds > POOL_IDLE_SECONDS
