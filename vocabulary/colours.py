"""The rate card's colour words in Russian, for every edge that shows a colour.

The card names colours in English (its ids); a colour it adds later without a word here
is shown as the card spells it.
"""

from __future__ import annotations

COLOUR_RU: dict[str, str] = {
    "black": "чёрный",
    "white": "белый",
    "grey": "серый",
    "red": "красный",
    "blue": "синий",
    "clear": "прозрачный",
    "natural": "натуральный",
    "black (dyed)": "чёрный (окрашенный)",
    "colour matched": "подбор цвета",
    "translucent": "полупрозрачный",
}


def colour_name(colour: str, language: str) -> str:
    """`colour` as a reader of `language` (en or ru) reads it."""
    return COLOUR_RU.get(colour, colour) if language == "ru" else colour
