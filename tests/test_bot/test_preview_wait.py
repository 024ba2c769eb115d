"""The bot waits for a preview a queue's worker is still drawing, and only for that."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot import api as bot_api
from bot.api import BackendClient, BackendError
from bot.preview import SIZE, placeholder_png

pytestmark = pytest.mark.anyio

PNG = b"\x89PNG\r\n\x1a\npreview"


@pytest.fixture
async def backend() -> AsyncIterator[tuple[str, dict[str, int]]]:
    """A stand-in backend on loopback: part "slow" is drawn on the third ask, "gone" never."""
    asked: dict[str, int] = {}

    async def thumbnail(request: web.Request) -> web.Response:
        part = request.match_info["part"]
        asked[part] = asked.get(part, 0) + 1
        if part == "slow" and asked[part] >= 3:
            return web.Response(body=PNG, content_type="image/png")
        code = "preview_pending" if part == "slow" else "not_found"
        return web.json_response({"error": {"code": code, "message": "…"}}, status=404)

    app = web.Application()
    app.router.add_get("/api/v1/parts/{part}/thumbnail.png", thumbnail)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", asked
    await runner.cleanup()


async def test_a_preview_being_drawn_is_waited_for_and_a_missing_part_is_not(
    backend: tuple[str, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, asked = backend
    monkeypatch.setattr(bot_api, "PREVIEW_POLL_SECONDS", 0.01)
    client = BackendClient(url, "key")
    try:
        assert await client.thumbnail(1001, "slow") == PNG
        assert asked["slow"] == 3
        with pytest.raises(BackendError) as refused:
            await client.thumbnail(1001, "gone")
        assert refused.value.code == "not_found" and asked["gone"] == 1
        monkeypatch.setattr(bot_api, "PREVIEW_WAIT_SECONDS", 0.0)  # a preview that never comes
        asked["slow"] = -100
        assert await client.thumbnail(1001, "slow") == placeholder_png()
        assert asked["slow"] == -99  # asked once, then the card goes out on the placeholder
    finally:
        await client.close()


def test_the_placeholder_is_a_whole_png_of_the_previews_size() -> None:
    png = placeholder_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
    width, height = struct.unpack(">II", png[16:24])
    assert width == height == SIZE
    length = struct.unpack(">I", png[33:37])[0]
    pixels = zlib.decompress(png[41 : 41 + length])
    assert len(pixels) == SIZE * (1 + 3 * SIZE)
