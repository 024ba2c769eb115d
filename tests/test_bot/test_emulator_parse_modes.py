"""The emulator parses HTML, MarkdownV2 and Markdown as Telegram does, refusals word for word.

Most cases are tdlib's own (test/message_entities.cpp, the parser the Bot API server runs),
so the expected texts, entities and error offsets (UTF-8 bytes) are Telegram's, not ours.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.emulator.errors import BotApiError
from bot.emulator.html_mode import parse_html
from bot.emulator.markdown_mode import parse_markdown, parse_markdown_v2
from bot.emulator.parsed import EntityError
from bot.emulator.text import parse_text
from bot.emulator.types import MessageEntity

Span = tuple[str | int, ...]


def spans(entities: list[MessageEntity] | None) -> list[Span]:
    """Entities as (type, offset, length[, url, language or emoji id]) for short expectations."""
    found: list[Span] = []
    for e in entities or []:
        extra = e.url or e.language or e.custom_emoji_id
        found.append(
            (e.type, e.offset, e.length) if extra is None else (e.type, e.offset, e.length, extra)
        )
    return found


@pytest.mark.parametrize(
    ("source", "error"),
    [
        # The texts of the issue: a bare `<` always starts a tag.
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("wall <1 mm", 'Unsupported start tag "1" at byte offset 5'),
        ("<3", "Unclosed start tag at byte offset 0"),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("one<br>two", 'Unsupported start tag "br" at byte offset 3'),
        ("send <part.stl>", 'Unsupported start tag "part.stl" at byte offset 5'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">a</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<tg-emoji emoji-id="abc">👍</tg-emoji>', "Invalid custom emoji identifier specified"),
        # Offsets count UTF-8 bytes: 🏟 is four, the space one, &lt; five.
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        ("&#57311;", "Text contains invalid Unicode characters after decoding HTML entities"),
    ],
)
def test_html_telegram_refuses_is_refused_with_its_words(source: str, error: str) -> None:
    with pytest.raises(EntityError) as refused:
        parse_html(source)
    assert str(refused.value).startswith(error)


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("a &lt; b &amp; c &gt; d", "a < b & c > d", []),
        # Only four names are known; any other reference stays as typed, as on Telegram.
        ("&foo; &ge;&lt;&quot;&laquo;&#12345678;", '&foo; &ge;<"&laquo;&#12345678;', []),
        ("&#128512;&#x41", "😀A", []),
        ("➡️ ➡️<b>➡️ ➡️</b>", "➡️ ➡️➡️ ➡️", [("bold", 5, 5)]),
        (
            "🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>",
            "🏟 🏟🏟 ><🏟",
            [("italic", 5, 7), ("bold", 9, 3)],
        ),
        ("🏟 🏟&lt;<i>🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", [("italic", 6, 6)]),
        ("🏟 🏟&lt;<b></b>", "🏟 🏟<", []),
        (
            '<span class = "tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [("spoiler", 0, 1), ("spoiler", 1, 1)],
        ),
        (
            "<u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del><em>e</em><strong>g</strong>",
            "uiskdeg",
            [
                ("underline", 0, 1),
                ("underline", 1, 1),
                ("strikethrough", 2, 1),
                ("strikethrough", 3, 1),
                ("strikethrough", 4, 1),
                ("italic", 5, 1),
                ("bold", 6, 1),
            ],
        ),
        ("<a href=telegram.org> </a>", " ", [("text_link", 0, 1, "http://telegram.org/")]),
        (
            "<a   href=  'telegram.org?&lt;'   > </a>",
            " ",
            [("text_link", 0, 1, "http://telegram.org/?<")],
        ),
        ("<a>telegram.org</a>", "telegram.org", [("text_link", 0, 12, "http://telegram.org/")]),
        ("<a> </a>", " ", []),
        ("🏟 🏟&lt;<pre><code>🏟 🏟&lt;</code></>", "🏟 🏟<🏟 🏟<", [("pre", 6, 6), ("code", 6, 6)]),
        (
            '🏟 🏟&lt;<pre><code class="language-fift">🏟 🏟&lt;</></>',
            "🏟 🏟<🏟 🏟<",
            [("pre", 6, 6, "fift")],
        ),
        (
            '🏟 🏟&lt;<code class="language-fift"><pre>🏟 🏟&lt;</></>',
            "🏟 🏟<🏟 🏟<",
            [("pre", 6, 6, "fift")],
        ),
        ('<code class="language-py">x</code>', "x", [("code", 0, 1)]),
        ('<tg-emoji emoji-id = "12345">👍</tg-emoji>', "👍", [("custom_emoji", 0, 2, "12345")]),
        (
            "<blockquote   expandable>a&lt;<pre  >b;</></>",
            "a<b;",
            [("expandable_blockquote", 0, 4), ("pre", 2, 2)],
        ),
        ('<blockquote cite="">q</blockquote>', "q", [("blockquote", 0, 1)]),
        ("<B>shout</B>", "shout", [("bold", 0, 5)]),
    ],
)
def test_html_that_telegram_accepts_gives_its_text_and_entities(
    source: str, text: str, entities: list[Span]
) -> None:
    parsed, found = parse_html(source)
    assert (parsed, spans(found)) == (text, entities)


def test_html_tg_time_carries_the_unix_time_and_format() -> None:
    _, found = parse_html('<tg-time unix="1700000000" format="wDT">soon</tg-time>')
    assert [(e.type, e.unix_time, e.date_time_format) for e in found] == [
        ("date_time", 1700000000, "wDT")
    ]
    with pytest.raises(EntityError, match="Invalid date format used"):
        parse_html('<tg-time unix="1" format="rt">x</tg-time>')


@pytest.mark.parametrize("char", sorted("]()>#+-=|{}.!"))
def test_markdown_v2_refuses_each_reserved_character_unless_escaped(char: str) -> None:
    with pytest.raises(EntityError) as refused:
        parse_markdown_v2(f"price 5{char}")
    assert str(refused.value) == (
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )
    assert parse_markdown_v2(f"price 5\\{char}") == (f"price 5{char}", [])


def test_markdown_v2_passes_every_other_ascii_character() -> None:
    for code in range(1, 126):
        char = chr(code)
        if char not in "]()>#+-=|{}.!_*[~`\\":
            assert parse_markdown_v2(char) == (char, []), repr(char)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("Thanks. Bye", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("🏟 🏟_abacaba", "Can't find end of Italic entity at byte offset 9"),
        ("🏟 🏟_abac * asd ", "Can't find end of Bold entity at byte offset 15"),
        ("🏟 🏟`", "Can't find end of Code entity at byte offset 9"),
        ("🏟 🏟```a ", "Can't find end of PreCode entity at byte offset 9"),
        ("🏟 🏟_🏟 🏟__", "Can't find end of Underline entity at byte offset 19"),
        ("[telegram\\.org](asd\\)", "Can't find end of a URL at byte offset 16"),
        ("🏟 🏟||test\\|", "Can't find end of Spoiler entity at byte offset 9"),
        ("🏟 🏟![👍]", "The entity must contain a tg://emoji or tg://time URL"),
        ("🏟 🏟![👍](tg://emoji?test=1231&id=025)", "Invalid tg://emoji or tg://time URL specified"),
        (">*b\n>ld \n>bo\nld*\nasd\ndef", "Can't find end of Bold entity at byte offset 1"),
        (">\n*a*>2", "Character '>' is reserved and must be escaped with the preceding '\\'"),
        (">asd\n>q||e||w__\n||asdad", "Can't find end of Underline entity at byte offset 13"),
    ],
)
def test_markdown_v2_telegram_refuses_is_refused_with_its_words(source: str, error: str) -> None:
    with pytest.raises(EntityError) as refused:
        parse_markdown_v2(source)
    assert str(refused.value) == error


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("\\\\\\\\\\_\\*\\`", "\\\\_*`", []),
        ("🏟 🏟_abac \\* asd _", "🏟 🏟abac * asd ", [("italic", 5, 11)]),
        ("🏟 🏟_🏟 __🏟___", "🏟 🏟🏟 🏟", [("italic", 5, 5), ("underline", 8, 2)]),
        ("🏟 🏟```🏟 🏟```", "🏟 🏟 🏟", [("pre", 5, 3, "🏟")]),
        ("||test||", "test", [("spoiler", 0, 4)]),
        (
            "`_* *_`__*` `*__",
            "_* *_ ",
            [("code", 0, 5), ("code", 5, 1), ("bold", 5, 1), ("underline", 5, 1)],
        ),
        (
            "[telegram\\.org](https://telegram.dog?\\\\\\()",
            "telegram.org",
            [("text_link", 0, 12, "https://telegram.dog/?\\(")],
        ),
        ("[ ](as)", " ", []),
        ("🏟 🏟![👍](TG://EMoJI/?test=1231&id=25#id=32)a", "🏟 🏟👍a", [("custom_emoji", 5, 2, "25")]),
        ("abc\n> \n> \n>\ndef", "abc\n \n \n\ndef", [("blockquote", 4, 5)]),
        (
            ">asd\n>q||e||w||\nasdad",
            "asd\nqew\nasdad",
            [("expandable_blockquote", 0, 8), ("spoiler", 5, 1)],
        ),
        (
            ">*b\n>ld \n>bo\n>ld*\nasd\ndef",
            "b\nld \nbo\nld\nasd\ndef",
            [("blockquote", 0, 12), ("bold", 0, 11)],
        ),
    ],
)
def test_markdown_v2_that_telegram_accepts_gives_its_text_and_entities(
    source: str, text: str, entities: list[Span]
) -> None:
    parsed, found = parse_markdown_v2(source)
    assert (parsed, spans(found)) == (text, entities)


def test_legacy_markdown_parses_its_four_marks_and_refuses_an_unclosed_one() -> None:
    parsed, found = parse_markdown("*Total* _€12.30_ `code` [site](https://example.com) a\\_b")
    assert parsed == "Total €12.30 code site a_b"
    assert spans(found) == [
        ("bold", 0, 5),
        ("italic", 6, 6),
        ("code", 13, 4),
        ("text_link", 18, 4, "https://example.com/"),
    ]
    with pytest.raises(EntityError) as refused:
        parse_markdown("file_v2.stl")  # legacy Markdown: an unescaped `_` opens italics
    assert str(refused.value) == "Can't find end of the entity starting at byte offset 4"
    assert parse_markdown("```python\nprint(1)```") == (
        "print(1)",
        [MessageEntity(type="pre", offset=0, length=8, language="python")],
    )


PARSE = "Bad Request: can't parse entities: "


@pytest.mark.parametrize(
    ("text", "parse_mode", "description"),
    [
        ("wall <1 mm", "HTML", PARSE + 'Unsupported start tag "1" at byte offset 5'),
        (
            "Total: 5.",
            "MarkdownV2",
            PARSE + "Character '.' is reserved and must be escaped with the preceding '\\'",
        ),
        ("a_b", "Markdown", PARSE + "Can't find end of the entity starting at byte offset 1"),
        ("hi", "Textile", "Bad Request: unsupported parse_mode"),
        ("x" * 32769, None, "Bad Request: text is too long"),
    ],
)
def test_a_send_refusal_carries_the_bot_api_description(
    text: str, parse_mode: str | None, description: str
) -> None:
    with pytest.raises(BotApiError) as refused:
        parse_text(text, parse_mode, None)
    assert (refused.value.code, refused.value.description) == (400, description)


def test_a_parse_mode_wins_over_explicit_entities_and_none_turns_it_off() -> None:
    given = [MessageEntity(type="italic", offset=0, length=1)]
    assert spans(parse_text("<b>x</b>", "HTML", given)[1]) == [("bold", 0, 1)]
    assert parse_text("a < b", "", given) == ("a < b", given)
    assert parse_text("a < b", "None", None) == ("a < b", None)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_escaped_as_the_bot_escapes_it_reads_back_as_typed(typed: str) -> None:
    assert parse_html(html.escape(typed, quote=False)) == (typed, [])
    escaped = "".join(f"\\{c}" if c in "_*[]()~`>#+-=|{}.!\\" else c for c in typed)
    assert parse_markdown_v2(escaped) == (typed, [])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/&;#xab iu=\"'lt🏟\n")))
def test_any_text_either_parses_or_is_refused_with_a_reason(source: str) -> None:
    for parse in (parse_html, parse_markdown_v2, parse_markdown):
        try:
            text, entities = parse(source)
        except EntityError as error:
            assert str(error)
        else:
            length = len(text.encode("utf-16-le")) // 2
            assert all(e.offset >= 0 and e.offset + e.length <= length for e in entities)
