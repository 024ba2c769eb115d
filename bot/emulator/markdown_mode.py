r"""parse_mode MarkdownV2 and legacy Markdown as Telegram parses them (ports of tdlib).

MarkdownV2 refuses every reserved character `_*[]()~`>#+-=|{}.!` outside an entity unless
escaped with `\` ("Character '.' is reserved and must be escaped with the preceding '\'"),
and every unclosed entity ("Can't find end of Bold entity at byte offset 0"). Legacy Markdown
knows `_`, `*`, `` ` ``, `[` and refuses an unclosed one ("Can't find end of the entity
starting at byte offset N"). Offsets in errors are UTF-8 bytes, as in tdlib.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.emulator.parsed import (
    SPACE,
    EntityError,
    Written,
    checked_link,
    custom_emoji_id,
    link_date,
    link_user_id,
    padded,
)
from bot.emulator.types import MessageEntity

BACKSLASH, BACKTICK, NL, CR, GT, UNDERSCORE = b"\\`\n\r>_"
OPEN_PAREN, CLOSE_PAREN, BAR, BANG, BRACKET = b"()|!["
RESERVED = b"_*[]()~`>#+-=|{}.!\n"
CODE_KINDS = frozenset({"code", "pre", "precode"})
# The characters that close an entity of each kind (italic: a `_` not followed by another).
_CLOSE = {
    "bold": b"*",
    "italic": b"_",
    "underline": b"__",
    "strikethrough": b"~",
    "spoiler": b"||",
    "code": b"`",
    "pre": b"```",
    "precode": b"```",
    "text_link": b"]",
    "custom_emoji": b"]",
}
_SINGLE = {ord("*"): "bold", ord("~"): "strikethrough", ord("["): "text_link"}
_LEGACY = b"_*`["  # the only marks of legacy Markdown
_LEGACY_KINDS = {ord("_"): "italic", ord("*"): "bold", ord("`"): "code"}
# tdlib's names for entity kinds, as its errors print them.
_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "precode": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}


def parse_markdown_v2(text: str) -> tuple[str, list[MessageEntity]]:
    """The plain text and entities of `text` in parse_mode MarkdownV2; `EntityError` as tdlib."""
    return _MarkdownV2(text).run()


def _reserved(c: int) -> EntityError:
    return EntityError(
        f"Character '{chr(c)}' is reserved and must be escaped with the preceding '\\'"
    )


def _pre_header(data: bytes, i: int, size: int) -> tuple[str, int]:
    """After an opening ```: the language (if one ends in a space) and where the code starts.

    One line break right after the header is skipped, as tdlib does.
    """
    language = ""
    end = i
    while data[end] not in SPACE and data[end] != BACKTICK:
        end += 1
    if i != end and end < size and data[end] != BACKTICK:
        language = data[i:end].decode("utf-8", "replace")
        i = end
    if data[i] in (NL, CR):
        i += 2 if data[i + 1] in (NL, CR) and data[i] != data[i + 1] else 1
    return language, i


def _url_in_parentheses(data: bytes, begin: int, size: int) -> tuple[str, int]:
    """The URL of `(...)` starting at `begin` (after the `(`), and the index of its `)`."""
    url = bytearray()
    i = begin
    while i < size and data[i] != CLOSE_PAREN:
        if data[i] == BACKSLASH and 0 < data[i + 1] <= 126:
            url.append(data[i + 1])
            i += 2
            continue
        url.append(data[i])
        i += 1
    if data[i] != CLOSE_PAREN:
        raise EntityError(f"Can't find end of a URL at byte offset {begin}")
    return url.decode("utf-8", "replace"), i


def _text_link(url: str) -> dict[str, str | int] | None:
    user_id = link_user_id(url)
    link = f"tg://user?id={user_id}" if user_id is not None else checked_link(url)
    return {"url": link} if link else None


@dataclass
class _Open:
    """An entity whose end is still to come."""

    kind: str
    argument: str
    offset: int  # UTF-16 units written before it
    byte_offset: int  # where it starts in the source, for errors
    begin: int  # bytes written before it


class _MarkdownV2:
    def __init__(self, text: str) -> None:
        self.data, self.size = padded(text)
        self.out = Written()
        self.stack: list[_Open] = []
        self.in_quote = False
        self.line_start = True  # a `>` here starts a block quote

    def run(self) -> tuple[str, list[MessageEntity]]:
        i = 0
        while i < self.size:
            i = self._step(i) + 1
        self._finish()
        return self.out.result()

    def _step(self, i: int) -> int:
        """Handle the character at `i`; returns the index of the last byte consumed."""
        data, c = self.data, self.data[i]
        if c == BACKSLASH and 0 < data[i + 1] <= 126:
            i += 1
            self.out.byte(data[i])
            if data[i] != CR:
                self.line_start = data[i] == NL
            return i
        in_code = bool(self.stack) and self.stack[-1].kind in CODE_KINDS
        if c not in (b"`" if in_code else RESERVED):
            if c & 0xC0 != 0x80 and c != CR:
                self.line_start = False
            self.out.byte(c)
            return i
        if self._ends_entity(i):
            return self._end(i)
        return self._begin(i)

    def _ends_entity(self, i: int) -> bool:
        if not self.stack:
            return False
        data = self.data
        if self.in_quote and data[i] == NL and (i + 1 == self.size or data[i + 1] != GT):
            return True
        kind = self.stack[-1].kind
        close = _CLOSE.get(kind)
        if close is None or data[i : i + len(close)] != close:
            return False
        return not (kind == "italic" and data[i + 1] == UNDERSCORE)

    def _begin(self, i: int) -> int:
        data, start = self.data, i
        c, argument = data[i], ""
        if c in _SINGLE:
            kind = _SINGLE[c]
        elif c == UNDERSCORE:
            kind = "underline" if data[i + 1] == UNDERSCORE else "italic"
            i += kind == "underline"
        elif c == BAR and data[i + 1] == BAR:
            kind, i = "spoiler", i + 1
        elif c == BACKTICK and data[i + 1 : i + 3] == b"``":
            argument, i = _pre_header(data, i + 3, self.size)
            kind, i = ("precode" if argument else "pre"), i - 1
        elif c == BACKTICK:
            kind = "code"
        elif c == BANG and data[i + 1] == BRACKET:
            kind, i = "custom_emoji", i + 1
        elif c == NL:
            self.out.byte(NL)
            self.line_start = True
            return i
        elif c == GT and self.line_start:
            if self.in_quote:
                return i
            kind, self.in_quote = "blockquote", True
        else:
            raise _reserved(c)
        self.stack.append(_Open(kind, argument, self.out.utf16, start, len(self.out.data)))
        return i

    def _cant_find_end(self, opened: _Open) -> EntityError:
        name = _NAMES[opened.kind]
        return EntityError(f"Can't find end of {name} entity at byte offset {opened.byte_offset}")

    def _end(self, i: int) -> int:
        data, opened = self.data, self.stack[-1]
        kind = opened.kind
        if data[i] == NL and kind != "blockquote":
            kind, opened = self._expandable_quote_end(i, opened), self.stack[-1]
        fields: dict[str, str | int] | None = {}
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "precode"):
            i += 2
        elif kind == "text_link":
            i, fields = self._link_end(i, opened)
        elif kind == "custom_emoji":
            i, kind, fields = self._emoji_end(i)
        elif kind in ("blockquote", "expandable_blockquote"):
            self.in_quote, self.line_start = False, True
            self.out.byte(NL)
        if fields is not None and self.out.utf16 != opened.offset:
            if kind == "precode":
                kind, fields = "pre", {"language": opened.argument}
            self.out.entity(kind, opened.offset, **fields)
        self.stack.pop()
        return i

    def _expandable_quote_end(self, i: int, opened: _Open) -> str:
        """A quote's line break closing `||` (just before it): the quote is expandable."""
        after_cr = bool(self.out.data) and self.out.data[-1] == CR
        just_before = opened.byte_offset == i - 2 or (opened.byte_offset == i - 3 and after_cr)
        if opened.kind != "spoiler" or not just_before:
            raise self._cant_find_end(opened)
        self.stack.pop()
        if self.stack[-1].kind != "blockquote":
            raise self._cant_find_end(self.stack[-1])
        return "expandable_blockquote"

    def _link_end(self, i: int, opened: _Open) -> tuple[int, dict[str, str | int] | None]:
        data = self.data
        if data[i + 1] != OPEN_PAREN:
            url = self.out.data[opened.begin :].decode("utf-8", "replace")
        else:
            url, i = _url_in_parentheses(data, i + 2, self.size)
        return i, _text_link(url)

    def _emoji_end(self, i: int) -> tuple[int, str, dict[str, str | int]]:
        data = self.data
        if data[i + 1] != OPEN_PAREN:
            raise EntityError("The entity must contain a tg://emoji or tg://time URL")
        url, i = _url_in_parentheses(data, i + 2, self.size)
        emoji = custom_emoji_id(url)
        if emoji is not None:
            return i, "custom_emoji", {"custom_emoji_id": emoji}
        date = link_date(url)
        if date is None:
            raise EntityError("Invalid tg://emoji or tg://time URL specified")
        return i, "date_time", {"unix_time": date[0], "date_time_format": date[1]}

    def _finish(self) -> None:
        if self.in_quote:
            kind, top = "blockquote", self.stack[-1]
            if top.kind == "spoiler" and top.byte_offset == self.size - 2:
                self.stack.pop()
                kind = "expandable_blockquote"
            if self.stack[-1].kind == "blockquote":
                self.in_quote = False
                if self.out.utf16 != self.stack[-1].offset:
                    self.out.entity(kind, self.stack[-1].offset)
                self.stack.pop()
        if self.stack:
            raise self._cant_find_end(self.stack[-1])


def parse_markdown(text: str) -> tuple[str, list[MessageEntity]]:
    """The plain text and entities of `text` in legacy parse_mode Markdown (tdlib's rules)."""
    data, size = padded(text)
    out = Written()
    i = 0
    while i < size:
        c = data[i]
        if c == BACKSLASH and data[i + 1] in _LEGACY:
            out.byte(data[i + 1])
            i += 2
        elif c in _LEGACY:
            i = _legacy_entity(data, i, size, out) + 1
        else:
            out.byte(c)
            i += 1
    return out.result()


def _legacy_entity(data: bytes, begin: int, size: int, out: Written) -> int:
    """One legacy entity from its opening character; returns the index of its last byte."""
    c = data[begin]
    end_char = ord("]") if c == BRACKET else c
    i = begin + 1
    pre = c == BACKTICK and data[i : i + 2] == b"``"
    language = ""
    if pre:
        language, i = _pre_header(data, i + 2, size)
    offset = out.utf16
    while i < size and (data[i] != end_char or (pre and data[i + 1 : i + 3] != b"``")):
        out.byte(data[i])
        i += 1
    if i == size:
        raise EntityError(f"Can't find end of the entity starting at byte offset {begin}")
    if out.utf16 == offset:
        return i + 2 if pre else i
    fields: dict[str, str | int] | None = {}
    if c == BRACKET:
        if data[i + 1] != OPEN_PAREN:
            url = data[begin + 1 : i].decode("utf-8", "replace")
        else:
            end = data.find(b")", i + 2, size)
            end = size if end < 0 else end
            url, i = data[i + 2 : end].decode("utf-8", "replace"), end
        fields = _text_link(url)
        kind = "text_link"
    elif pre:
        kind, fields = "pre", {"language": language} if language else {}
    else:
        kind = _LEGACY_KINDS[c]
    if fields is not None:
        out.entity(kind, offset, **fields)
    return i + 2 if pre else i
