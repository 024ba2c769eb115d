"""Zip-based formats (3MF) are checked before anything is extracted.

A zip bomb declares small compressed entries that expand enormously, and an
XML "billion laughs" document expands entities; both are refused up front.
Every entry is checked as XML (`xml_guard`), whatever its name: the model may
point its parser at any entry.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from geometry.errors import CorruptFile, TooLarge
from geometry.formats.xml_guard import check_xml_part
from geometry.limits import Limits


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip whose entry count, expanded size or ratio exceeds the limits.

    Python's zip reader never returns more than an entry's declared size, so
    checking the declared sizes bounds what extraction can produce.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise CorruptFile("The 3MF file is not a readable archive; it is damaged.") from exc
    if len(entries) > limits.max_zip_entries:
        raise TooLarge(
            f"The 3MF archive holds {len(entries)} files; we accept up to {limits.max_zip_entries}."
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_zip_uncompressed_bytes:
        raise TooLarge("The 3MF archive expands to more data than we accept.")
    for entry in entries:
        if entry.file_size > limits.max_zip_ratio * max(entry.compress_size, 1) + 1_000_000:
            raise TooLarge(
                "The 3MF archive is compressed suspiciously well (a zip bomb?); we refuse it."
            )
    with archive:
        for entry in entries:
            try:
                with archive.open(entry) as stream:
                    check_xml_part(stream)
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError,
                    RuntimeError) as exc:  # fmt: skip
                # A bad CRC, a truncated entry, an unknown compression method, a password.
                raise CorruptFile("The 3MF file is not a readable archive; it is damaged.") from exc


def check_xml_text(data: bytes) -> None:
    """Refuse XML-like text carrying DTD or entity declarations, or not in UTF-8."""
    check_xml_part(
        io.BytesIO(data),
        entities="The file contains XML entity declarations; we refuse it for safety.",
    )
