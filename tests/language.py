"""Is a printed document Russian throughout? `tests.russian`'s checker, for wrapped text.

A PDF's text comes back wrapped at the layout's line ends, so a name may be split over
two lines: here each Latin word of an allowed name is allowed anywhere (the chat's
checker cuts whole phrases), and units as the document prints them are kept too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tests.russian import BRANDS
from tests.russian import latin_words as _chat_latin_words

#: Units as a document prints them beside the numbers, and the messenger's name.
KEPT = frozenset({"mm", "cm", "in", "m", "Telegram"})
LATIN_WORD = re.compile(r"[A-Za-z]+")


def latin_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words of `text` a Russian reader should not see.

    `allowed` are strings whose words may appear: part names, material and brand names,
    the shop's own details. Each of their Latin words is allowed anywhere in `text`.
    """
    kept = set(KEPT) | BRANDS
    names = list(allowed)
    for name in names:
        kept.update(LATIN_WORD.findall(name))
    return [
        word
        for word in _chat_latin_words(text)
        if word not in kept and not any(word in name for name in names)  # ids, file names
    ]
