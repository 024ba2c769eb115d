"""Numbers read by hand from paths, headers and settings: ASCII decimal numerals only.

Kept free of the web stack so settings can use it before anything heavy is imported.
"""

from __future__ import annotations

import re

# ASCII digits only: `str.isdigit` and `int()` also take "¹", "١٢" and "1_0".
_NUMERAL = re.compile(r"[0-9]{1,18}")


def ascii_int(text: str | None) -> int | None:
    """The value of a plain decimal numeral (ASCII digits, under 10**18), else None.

    For numbers read from paths and headers by hand: Unicode digits, signs,
    spaces and underscores are not numerals here, and the value always fits
    the database.
    """
    if text is None or not _NUMERAL.fullmatch(text):
        return None
    return int(text)
