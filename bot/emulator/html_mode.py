"""parse_mode HTML exactly as Telegram parses it (a port of tdlib's parse_html).

Telegram's HTML is not a browser's: every `<` starts a tag (so `a < b`, `wall <1 mm` and
`<3` are refused), only the tags below exist, end tags must match, and only `&lt;`, `&gt;`,
`&amp;`, `&quot;` and numeric references are decoded (any other `&name;` stays as typed).
Errors are tdlib's texts with UTF-8 byte offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.emulator.parsed import (
    SPACE,
    EntityError,
    Written,
    check_date_format,
    checked_link,
    link_user_id,
    padded,
    strict_int,
    with_fields,
)
from bot.emulator.types import MessageEntity

LT, GT, AMP, SLASH, EQUALS = b"<>&/="
QUOTES = frozenset(b"'\"")
_NAME_END = SPACE | frozenset(b"=>/'\"")
_TOKEN = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")
_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
# Tags with the entity each makes; `span` needs class="tg-spoiler".
_SIMPLE = {
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
}
TAGS = frozenset({*_SIMPLE, "a", "tg-emoji", "tg-time", "pre", "code", "blockquote"})


def parse_html(text: str) -> tuple[str, list[MessageEntity]]:
    """The plain text and entities of `text` in parse_mode HTML; `EntityError` as tdlib."""
    return _HtmlParser(text).run()


def decode_entity(data: bytes, pos: int) -> tuple[int, int]:
    """The character an `&...` reference at `pos` stands for and the index after it.

    (0, pos) when it is no reference Telegram knows: the `&` is then plain text.
    """
    end = pos + 1
    code = 0
    if data[end] == ord("#"):
        end += 1
        hexadecimal = data[end] == ord("x")
        end += hexadecimal
        digits = _HEX if hexadecimal else _DIGITS
        start = end
        while data[end] in digits:
            end += 1
        if end > start:
            code = int(data[start:end], 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while data[end] in _LETTERS:
            end += 1
        named = _NAMED.get(data[pos + 1 : end])
        if named is None:
            return 0, pos
        code = ord(named)
    return code, end + (data[end] == ord(";"))


@dataclass
class _Open:
    """A start tag waiting for its end tag."""

    tag: str
    argument: str
    date: int
    offset: int  # UTF-16 units written before it
    begin: int  # bytes written before it


class _HtmlParser:
    def __init__(self, text: str) -> None:
        self.data, self.size = padded(text)
        self.out = Written()
        self.stack: list[_Open] = []

    def run(self) -> tuple[str, list[MessageEntity]]:
        data, i = self.data, 0
        while i < self.size:
            c = data[i]
            if c == AMP:
                code, end = decode_entity(data, i)
                if code:
                    self.out.char(code)
                    i = end
                    continue
            if c != LT:
                self.out.byte(c)
                i += 1
            elif data[i + 1] == SLASH:
                i = self._end_tag(i)
            else:
                i = self._start_tag(i)
        if self.stack:
            tag = self.stack[-1].tag
            raise EntityError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        for index, entity in enumerate(self.out.entities):
            if entity.type == "code" and entity.language:
                self.out.entities[index] = with_fields(entity, language=None)
        return self.out.result()

    def _skip_spaces(self, i: int) -> int:
        while self.data[i] and self.data[i] in SPACE:
            i += 1
        return i

    def _start_tag(self, begin: int) -> int:
        data, i = self.data, begin + 1
        while data[i] not in SPACE and data[i] != GT:
            i += 1
        if data[i] == 0:
            raise EntityError(f"Unclosed start tag at byte offset {begin}")
        tag = data[begin + 1 : i].lower().decode("utf-8", "replace")
        if tag not in TAGS:
            raise EntityError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        opened = _Open(tag, "", 0, self.out.utf16, len(self.out.data))
        while data[i] != GT:
            i = self._attribute(opened, begin, self._skip_spaces(i))
        if tag == "span" and opened.argument != "spoiler":
            raise EntityError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.stack.append(opened)
        return i + 1

    def _attribute(self, opened: _Open, begin: int, i: int) -> int:
        """Read one attribute of a start tag from `i`; returns where the next one may start."""
        data, tag = self.data, opened.tag
        if data[i] == GT:
            return i
        name_begin = i
        while data[i] not in _NAME_END:
            i += 1
        name = data[name_begin:i].decode("utf-8", "replace")
        if not name:
            raise EntityError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        i = self._skip_spaces(i)
        if data[i] != EQUALS:
            if data[i] == 0:
                raise EntityError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == "expandable":
                opened.argument = "1"
            return i
        i = self._skip_spaces(i + 1)
        if data[i] == 0:
            raise EntityError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        value, i = self._value(i)
        if data[i] == 0:
            raise EntityError(f"Unclosed start tag at byte offset {begin}")
        _remember(opened, name, value)
        return i

    def _value(self, i: int) -> tuple[str, int]:
        """An attribute value: a name token (lower-cased) or a quoted string with references."""
        data = self.data
        if data[i] not in QUOTES:
            token_begin = i
            while data[i] in _TOKEN:
                i += 1
            if data[i] not in SPACE and data[i] != GT:
                raise EntityError(f"Unexpected end of name token at byte offset {token_begin}")
            return data[token_begin:i].lower().decode(), i
        quote = data[i]
        i += 1
        value = Written()
        while data[i] != quote and data[i] != 0:
            code, end = decode_entity(data, i) if data[i] == AMP else (0, i)
            if code:
                value.char(code)
                i = end
            else:
                value.byte(data[i])
                i += 1
        return value.data.decode("utf-8", "replace"), i + (data[i] == quote)

    def _end_tag(self, begin: int) -> int:
        data, i = self.data, begin + 1
        if not self.stack:
            raise EntityError(f"Unexpected end tag at byte offset {begin}")
        while data[i] not in SPACE and data[i] != GT:
            i += 1
        name = data[begin + 2 : i].lower().decode("utf-8", "replace")
        i = self._skip_spaces(i)
        if data[i] != GT:
            raise EntityError(f"Unclosed end tag at byte offset {begin}")
        opened = self.stack[-1]
        if name and name != opened.tag:
            raise EntityError(
                f"Unmatched end tag at byte offset {begin}, "
                f'expected "</{opened.tag}>", found "</{name}>"'
            )
        if self.out.utf16 > opened.offset:
            self._close(opened)
        self.stack.pop()
        return i + 1

    def _close(self, opened: _Open) -> None:
        """Add the entity of a tag that encloses some text."""
        out, tag, offset = self.out, opened.tag, opened.offset
        if tag in _SIMPLE:
            out.entity(_SIMPLE[tag], offset)
        elif tag == "tg-emoji":
            if not strict_int(opened.argument):
                raise EntityError("Invalid custom emoji identifier specified")
            out.entity("custom_emoji", offset, custom_emoji_id=opened.argument)
        elif tag == "tg-time":
            date_format = check_date_format(opened.argument)
            if opened.date > 0:
                out.entity("date_time", offset, unix_time=opened.date, date_time_format=date_format)
        elif tag == "a":
            self._link(opened)
        elif tag in ("pre", "code"):
            self._code(opened)
        else:
            kind = "expandable_blockquote" if opened.argument else "blockquote"
            out.entity(kind, offset)

    def _link(self, opened: _Open) -> None:
        url = opened.argument or self.out.data[opened.begin :].decode("utf-8", "replace")
        user_id = link_user_id(url)
        link = f"tg://user?id={user_id}" if user_id is not None else checked_link(url)
        if link:
            self.out.entity("text_link", opened.offset, url=link)

    def _code(self, opened: _Open) -> None:
        """`<pre><code class="language-x">` (either nesting) is one pre entity with a language."""
        entities, offset = self.out.entities, opened.offset
        last = entities[-1] if entities else None
        same = last is not None and (last.offset, last.length) == (offset, self.out.utf16 - offset)
        if opened.tag == "pre":
            if same and last is not None and last.type == "code" and last.language:
                entities[-1] = with_fields(last, type="pre")
            else:
                self.out.entity("pre", offset)
        elif (
            same
            and last is not None
            and last.type == "pre"
            and not last.language
            and opened.argument
        ):
            entities[-1] = with_fields(last, language=opened.argument)
        else:
            self.out.entity("code", offset, language=opened.argument or None)


def _remember(opened: _Open, name: str, value: str) -> None:
    """Keep the attributes Telegram reads; every other attribute is ignored."""
    tag = opened.tag
    if tag == "a" and name == "href":
        opened.argument = value
    elif tag == "code" and name == "class" and value.startswith("language-"):
        opened.argument = value.removeprefix("language-")
    elif tag == "span" and name == "class" and value.startswith("tg-"):
        opened.argument = value.removeprefix("tg-")
    elif (tag, name) == ("tg-emoji", "emoji-id"):
        opened.argument = value
    elif (tag, name) == ("blockquote", "expandable"):
        opened.argument = "1"
    elif (tag, name) == ("tg-time", "unix"):
        opened.date = _to_int32(value)
    elif (tag, name) == ("tg-time", "format"):
        opened.argument = value


def _to_int32(value: str) -> int:
    """As tdlib's to_integer<int32>: leading digits (with a sign), wrapped to 32 bits."""
    sign = -1 if value.startswith("-") else 1
    digits = value.removeprefix("-")
    count = len(digits) - len(digits.lstrip("0123456789"))
    number = sign * int(digits[:count] or "0")
    return (number + 2**31) % 2**32 - 2**31
