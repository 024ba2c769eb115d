"""Message text as Telegram sees it: parse modes, entities and lengths.

Telegram measures text after entity parsing, in UTF-16 code units (the unit of entity
offsets), so `<b>hi</b>` is two long and an emoji counts twice. HTML, MarkdownV2 and legacy
Markdown are parsed as tdlib parses them (`html_mode.py`, `markdown_mode.py`): a text
the emulator accepts is one Telegram accepts, and a refusal carries Telegram's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.emulator.errors import (
    CAPTION_TOO_LONG,
    MESSAGE_TOO_LONG,
    TEXT_EMPTY,
    bad_request,
)
from bot.emulator.html_mode import parse_html
from bot.emulator.markdown_mode import parse_markdown, parse_markdown_v2
from bot.emulator.parsed import EntityError
from bot.emulator.types import MessageEntity

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_SOURCE_BYTES = 1 << 15  # the Bot API refuses longer texts before parsing them
PARSE_MODES: dict[str, Callable[[str], tuple[str, list[MessageEntity]]]] = {
    "html": parse_html,
    "markdownv2": parse_markdown_v2,
    "markdown": parse_markdown,
}
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def parse_entities(
    text: str, parse_mode: str | None, entities: list[MessageEntity] | None
) -> tuple[str, list[MessageEntity] | None]:
    """The plain text and entities as the Bot API reads them: a parse mode wins over entities.

    Raises `BotApiError` for an unknown parse mode, a text over 32 KiB, or text the parse
    mode refuses ("can't parse entities: ...", tdlib's reason).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise bad_request("text is too long")
    mode = (parse_mode or "").lower()
    if not text or mode in ("", "none"):
        return text, entities
    parser = PARSE_MODES.get(mode)
    if parser is None:
        raise bad_request("unsupported parse_mode")
    try:
        return parser(text)
    except EntityError as error:
        raise bad_request(f"can't parse entities: {error}") from error


def parse_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[MessageEntity] | None,
    *,
    caption: bool = False,
) -> tuple[str | None, list[MessageEntity] | None]:
    """Parse and check a text or caption as `sendMessage`/`sendPhoto` would.

    Returns the plain text and its entities (None where empty). Raises `BotApiError` with
    Telegram's text for an empty or too long message or caption, or for text its parse mode
    refuses.
    """
    if text is None or (caption and text == ""):
        if caption:
            return None, None
        raise bad_request(TEXT_EMPTY)
    text, entities = parse_entities(text, parse_mode, entities)
    if not text.strip():
        if caption:
            return None, None
        raise bad_request(TEXT_EMPTY)
    limit, reason = (MAX_CAPTION, CAPTION_TOO_LONG) if caption else (MAX_TEXT, MESSAGE_TOO_LONG)
    if utf16_len(text) > limit:
        raise bad_request(reason)
    return text, entities or None


def command_entities(text: str) -> list[MessageEntity] | None:
    """The `bot_command` entities Telegram marks in a user's text, such as `/start`."""
    found = [
        MessageEntity(
            type="bot_command",
            offset=utf16_len(text[: match.start()]),
            length=utf16_len(match.group()),
        )
        for match in _COMMAND.finditer(text)
    ]
    return found or None
