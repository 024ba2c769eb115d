"""What Telegram's parse modes share: UTF-8 scanning, the text being built, links.

The parsers follow tdlib (`td/telegram/MessageEntity.cpp`), which the Bot API server runs:
they walk the UTF-8 bytes of the text, so error offsets are byte offsets, while entity
offsets and lengths count UTF-16 code units. Reads past the end see a zero byte, as tdlib
reads the terminating NUL of its C string.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import msgspec

from bot.emulator.types import MessageEntity

SPACE = frozenset(b" \t\r\n\0\v")  # tdlib's is_space, which counts the NUL at the end
BAD_SURROGATES = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)
# tdlib sorts entities by offset, longer first, then by this priority.
_PRIORITY = {
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "date_time": 30,
    "blockquote": 0,
    "expandable_blockquote": 0,
}
_INTEGER = re.compile(r"-?[0-9]+")
DATE_FORMAT = re.compile(r"[rR]|[tTdDwW]*")


class EntityError(Exception):
    """Text a parse mode refuses; the message is tdlib's, without "Can't parse entities: "."""


def padded(text: str) -> tuple[bytes, int]:
    """The text's UTF-8 bytes followed by zero bytes, and the text's own length in bytes."""
    data = text.encode("utf-8", "surrogatepass")
    return data + bytes(4), len(data)


class Written:
    """The plain text a parser writes, its length in UTF-16 units, and its entities."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.utf16 = 0
        self.entities: list[MessageEntity] = []
        self.decoded_surrogate = False

    def byte(self, c: int) -> None:
        """Copy one byte of the source; a lead byte starts a character (two units if 4 bytes)."""
        if c & 0xC0 != 0x80:
            self.utf16 += 2 if c >= 0xF0 else 1
        self.data.append(c)

    def char(self, code: int) -> None:
        """Write a character decoded from an HTML entity such as `&lt;` or `&#128512;`."""
        self.utf16 += 2 if code > 0xFFFF else 1
        if 0xD800 <= code <= 0xDFFF:
            self.decoded_surrogate = True
        self.data += chr(code).encode("utf-8", "surrogatepass")

    def entity(self, kind: str, offset: int, **fields: str | int | None) -> None:
        """Add an entity from `offset` (UTF-16 units) to what is written now."""
        self.entities.append(
            MessageEntity(type=kind, offset=offset, length=self.utf16 - offset, **fields)  # type: ignore[arg-type]
        )

    def result(self) -> tuple[str, list[MessageEntity]]:
        """The plain text and its entities in tdlib's order."""
        try:
            text = self.data.decode()
        except UnicodeDecodeError as error:
            if self.decoded_surrogate:
                raise EntityError(BAD_SURROGATES) from error
            text = self.data.decode("utf-8", "surrogatepass")
        return text, sorted(self.entities, key=_order)


def _order(entity: MessageEntity) -> tuple[int, int, int]:
    priority = 10 if entity.type == "pre" and entity.language else _PRIORITY.get(entity.type, 50)
    return entity.offset, -entity.length, priority


def with_fields(entity: MessageEntity, **fields: str | None) -> MessageEntity:
    """The entity with some fields changed (pre and code tags merge into one entity)."""
    return msgspec.structs.replace(entity, **fields)


def strict_int(value: str, bits: int = 64) -> int | None:
    """As tdlib's to_integer_safe: the whole text is the integer's canonical form, in range."""
    if not _INTEGER.fullmatch(value):
        return None
    number = int(value)
    if str(number) != value or not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
        return None
    return number


def link_user_id(url: str) -> int | None:
    """The user a `tg://user?id=N` link mentions, or None for any other link."""
    query = tg_query(url.lower(), "user")
    for parameter in (query or "").split("&"):
        name, _, value = parameter.partition("=")
        if name == "id":
            return strict_int(value)
    return None


def tg_query(url: str, host: str) -> str | None:
    """The query of a `tg://<host>?...` link (scheme and host in any case), or None."""
    lower = url.lower()
    if not lower.startswith("tg:"):
        return None
    rest, lower = url[3:], lower[3:]
    if rest.startswith("//"):
        rest, lower = rest[2:], lower[2:]
    if not lower.startswith(host) or (len(rest) > len(host) and rest[len(host)] not in "/?#"):
        return None
    rest = rest[len(host) :].removeprefix("/")
    if not rest.startswith("?"):
        return None
    return rest[1:].partition("#")[0]


def custom_emoji_id(url: str) -> str | None:
    """The custom emoji id of a `tg://emoji?id=N` link, or None."""
    for parameter in (tg_query(url, "emoji") or "").split("&"):
        name, _, value = parameter.partition("=")
        if name == "id":
            return value if strict_int(value) else None
    return None


def link_date(url: str) -> tuple[int, str] | None:
    """The Unix time and format of a `tg://time?unix=N&format=F` link, or None."""
    unix, date_format = 0, ""
    for parameter in (tg_query(url, "time") or "").split("&"):
        name, _, value = parameter.partition("=")
        if name == "unix":
            number = strict_int(value, 32)
            if not number or number < 0:
                return None
            unix = number
        elif name == "format":
            date_format = value
    if not unix or not DATE_FORMAT.fullmatch(date_format):
        return None
    return unix, date_format


def check_date_format(date_format: str) -> str:
    """A `tg-time` format: "r" (relative) or any of t, T, d, D, w, W; else tdlib's refusal."""
    if DATE_FORMAT.fullmatch(date_format):
        return date_format
    raise EntityError("Invalid date format used")


def checked_link(url: str) -> str | None:
    """The URL a text link gets, normalised as Telegram does, or None if it is no link.

    An approximation of tdlib's LinkManager::check_link: tg:, ton: and tonsite: links keep
    a plain host; other links are HTTP(S) with a dotted host, `http://` added when bare.
    A refused link only drops the entity, as on Telegram; it never refuses the message.
    """
    lower = url.lower()
    for scheme in ("tg", "ton", "tonsite"):
        if lower.startswith(f"{scheme}:"):
            return _app_link(scheme, url[len(scheme) + 1 :].removeprefix("//"))
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or ("." not in host and ":" not in host):
        return None
    netloc = parts.netloc if port is None else parts.netloc.lower()
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.scheme.lower()}://{netloc}{parts.path or '/'}{query}{fragment}"


def _app_link(scheme: str, rest: str) -> str | None:
    cut = min((rest.find(c) for c in "/?#" if c in rest), default=len(rest))
    host, tail = rest[:cut], rest[cut:] or "/"
    allowed = "-_." if scheme == "tonsite" else "-_"
    if not host or not all(c.isascii() and (c.isalnum() or c in allowed) for c in host):
        return None
    return f"{scheme}://{host}{tail.removeprefix('/') if tail.startswith('/?') else tail}"
