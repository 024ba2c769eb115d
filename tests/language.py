"""Is a text Russian throughout? Latin words that are not names a reader keeps as they are."""

from __future__ import annotations

import re
from collections.abc import Iterable

LATIN_WORD = re.compile(r"[A-Za-z]+")
#: Words a Russian text keeps in Latin letters: units, a currency code, brand names, and
#: standards cited by their designation ("ISO 2768-m" is written so in Russian too).
KEPT = frozenset({"mm", "cm", "in", "m", "EUR", "USD", "Telegram", "PDF", "ISO"})


def latin_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words of `text` a Russian reader should not see.

    `allowed` are strings whose words may appear: part names, material and brand names,
    the shop's own details. Each of their Latin words is allowed anywhere in `text`.
    """
    kept = set(KEPT)
    for name in allowed:
        kept.update(LATIN_WORD.findall(name))
    return [word for word in LATIN_WORD.findall(text) if word not in kept]
