"""Does a text a Russian-speaking customer reads contain English? A checker every test can use.

`latin_words(text)` lists the Latin-letter words left once the allowed ones are taken out:
trade and brand names a Russian shop writes as they are (PLA, PA12, MJF, CNC, …), file
formats, commands (/track), and whatever the caller adds (the part's file name). A test
asserts the list is empty: `assert_russian(texts, allowed={"bracket.stl"})`.

Helpers adding customer-facing strings (specs, review, revisions) run it over theirs:
a word missing from `BRANDS` that a shop would really write in Latin belongs there; any
other is an untranslated string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Words a Russian shop writes in Latin: materials and processes by trade name, file
#: formats, the brand, the currency and time zone codes. Kept small and explicit.
BRANDS = frozenset(
    {
        # the shop's own name
        "smallbatch",
        # materials by trade name (and the Shore A scale)
        "PLA", "PETG", "ABS", "PA11", "PA12", "POM", "PP", "PC", "PU", "A",
        # processes by their usual abbreviations ("3D-печать")
        "3D", "FDM", "SLA", "SLS", "MJF", "CNC",
        # file formats and documents
        "CAD", "STL", "STEP", "3MF", "OBJ", "PLY", "GLB", "PDF",
        # standards and codes
        "ISO", "EUR", "USD", "GBP", "UTC",
    }
)  # fmt: skip

_TAG = re.compile(r"<[^>]*>")
_COMMAND = re.compile(r"(?<![\w])/[a-z_]+")
_WORD = re.compile(r"[0-9]*[A-Za-z][A-Za-z0-9]*")
#: Standard designations written the same in Russian: "ISO 2768-m", "SPI A-2".
_DESIGNATION = re.compile(r"\b(?:ISO \d+(?:-[a-z]+)?|SPI [A-D]-\d)\b")


def latin_words(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words in `text` that are neither brands nor `allowed`.

    `allowed` may hold whole phrases (a file name such as "featuretype.STL"): they are
    cut out before the text is split into words. HTML tags and /commands don't count.
    """
    rest = _DESIGNATION.sub(" ", _COMMAND.sub(" ", _TAG.sub(" ", text)))
    for phrase in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(phrase, " ")
    return [word for word in _WORD.findall(rest) if word not in BRANDS]


def assert_russian(texts: Iterable[str], *, allowed: Iterable[str] = ()) -> None:
    """Fail naming every text that still holds a Latin word a Russian reader shouldn't see."""
    phrases = list(allowed)
    found = {text: words for text in texts if (words := latin_words(text, allowed=phrases))}
    assert not found, "English left in Russian texts:\n" + "\n".join(
        f"{words} in {text!r}" for text, words in found.items()
    )
