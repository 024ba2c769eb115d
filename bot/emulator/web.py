"""The web chat page: talk to the bot in a browser as any emulated user."""

from __future__ import annotations

from functools import cache
from importlib import resources

from litestar import MediaType, Response, get


@cache
def _page() -> str:
    # Plain HTML with its CSS and script inline: nothing to build, nothing fetched from the web.
    return resources.files("bot.emulator").joinpath("chat.html").read_text(encoding="utf-8")


@get("/", include_in_schema=False)
async def chat_page() -> Response[str]:
    """The chat page; `?user=<id>&chat=<id>` opens a given view (e.g. staff in one tab)."""
    return Response(_page(), media_type=MediaType.HTML)
