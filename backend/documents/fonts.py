"""DejaVu Sans for the documents: Cyrillic, €, ₽ and ±, from matplotlib's own copy.

reportlab's built-in fonts are Latin-1 only; DejaVu ships inside matplotlib (already a
dependency), so the documents read the same on every host without system fonts.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


def _font_folder() -> Path:
    # Found without importing matplotlib (slow to import, and not needed to read a file).
    spec = find_spec("matplotlib")
    assert spec is not None and spec.origin is not None, "matplotlib is a dependency"
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


@cache
def register_fonts() -> str:
    """Register the regular and bold faces with reportlab once; the regular face's name."""
    folder = _font_folder()
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / f"{REGULAR}.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / f"{BOLD}.ttf")))
    # <b> in a paragraph picks the bold face.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
