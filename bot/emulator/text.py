"""Message text as Telegram sees it: HTML parse mode, entities and lengths.

Telegram measures text after entity parsing, in UTF-16 code units (the unit of entity
offsets), so `<b>hi</b>` is two long and an emoji counts twice. Markdown parse modes are
not parsed: their text is measured as sent, which is never shorter than Telegram's count,
so a message the emulator accepts is one Telegram accepts too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.emulator.errors import (
    CAPTION_TOO_LONG,
    MESSAGE_TOO_LONG,
    TEXT_EMPTY,
    BotApiError,
    bad_request,
)
from bot.emulator.types import MessageEntity

MAX_TEXT = 4096
MAX_CAPTION = 1024

# Tag name → entity type, for the tags Telegram's HTML mode supports.
_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


class _Open:
    """A start tag waiting for its end tag."""

    def __init__(self, tag: str, offset: int, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.offset = offset
        self.attrs = attrs


class _TelegramHtml(HTMLParser):
    """Turns Telegram-flavoured HTML into plain text and entities, or raises as Telegram does."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units written so far
        self.stack: list[_Open] = []
        self.entities: list[MessageEntity] = []

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        lines = self.source.split("\n")
        before = "\n".join([*lines[: line - 1], lines[line - 1][:column]])
        return len(before.encode())

    def _fail(self, reason: str) -> BotApiError:
        return bad_request(f"can't parse entities: {reason}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an entity, refusing tags Telegram does not know (such as `<br>`)."""
        values = dict(attrs)
        if tag not in _TAGS or (tag == "span" and values.get("class") != "tg-spoiler"):
            raise self._fail(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')
        self.stack.append(_Open(tag, self.length, values))

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost entity; its end tag must match."""
        if not self.stack or self.stack[-1].tag != tag:
            raise self._fail(f"Unexpected end tag at byte offset {self._byte_offset()}")
        opened = self.stack.pop()
        kind = _TAGS[tag]
        if kind == "blockquote" and "expandable" in opened.attrs:
            kind = "expandable_blockquote"
        length = self.length - opened.offset
        if length > 0:
            self.entities.append(
                MessageEntity(
                    type=kind,
                    offset=opened.offset,
                    length=length,
                    url=opened.attrs.get("href") if tag == "a" else None,
                    custom_emoji_id=opened.attrs.get("emoji-id") if tag == "tg-emoji" else None,
                )
            )

    def handle_data(self, data: str) -> None:
        """Plain text between tags."""
        self.parts.append(data)
        self.length += utf16_len(data)

    def result(self) -> tuple[str, list[MessageEntity]]:
        """The parsed text and its entities, in order of their start."""
        self.feed(self.source)
        self.close()
        if self.stack:
            tag = self.stack[-1].tag
            raise self._fail(f'Can\'t find end tag corresponding to start tag "{tag}"')
        return "".join(self.parts), sorted(self.entities, key=lambda e: (e.offset, -e.length))


def parse_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[MessageEntity] | None,
    *,
    caption: bool = False,
) -> tuple[str | None, list[MessageEntity] | None]:
    """Parse and check a text or caption as `sendMessage`/`sendPhoto` would.

    Returns the plain text and its entities (None where empty). Raises `BotApiError` with
    Telegram's text for an empty or too long message or caption, or for malformed HTML.
    """
    if text is None or (caption and text == ""):
        if caption:
            return None, None
        raise bad_request(TEXT_EMPTY)
    if parse_mode is not None and parse_mode.lower() == "html" and not entities:
        text, entities = _TelegramHtml(text).result()
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
