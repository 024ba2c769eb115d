"""The picture a part card shows when its preview never came: a plain light-grey square.

With a job queue a mesh's preview is drawn after its report by a `thumbs` worker; if none
draws it in time (no worker on that queue, or drawing failed), the card still goes out with
its measurements and buttons, on this picture. It has no words, so it reads the same in
every language. Written by hand (PNG is a few chunks): the bot draws nothing else.
"""

from __future__ import annotations

import functools
import struct
import zlib

#: Side in pixels, like the real previews; the grey of an empty drawing sheet.
SIZE = 512
GREY = b"\xee\xee\xee"


@functools.cache
def placeholder_png() -> bytes:
    """A SIZE × SIZE light-grey RGB PNG."""
    row = b"\x00" + GREY * SIZE  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * SIZE, 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
