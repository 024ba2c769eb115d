"""The text a matplotlib PDF draws, read naively (no PDF library is a dependency)."""

from __future__ import annotations

import re
import zlib


def pdf_text(data: bytes) -> str:
    """Each inflated content stream's `[…] TJ` strings joined, one line per text run.

    A run breaks where the font changes (the € sign comes from another font), so look
    for numbers and words, not whole lines. A glyph drawn from outside the font's simple
    encoding (a ligature such as "ff") does not read back as its letters.
    """
    drawn = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:  # fonts and images are not text
            continue
        for array in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
            pieces = re.findall(rb"\(((?:[^()\\]|\\.)*)\)", array)
            drawn.append(b"".join(pieces).decode("latin-1"))
    return "\n".join(drawn)
