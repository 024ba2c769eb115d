"""Zip-based formats (3MF) are checked before anything is extracted.

A zip bomb declares small compressed entries that expand enormously, and an
XML "billion laughs" document expands entities; both are refused up front.
"""

from __future__ import annotations

import io
import zipfile

from geometry.errors import CorruptFile, TooLarge
from geometry.limits import Limits

_ENTITY_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


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
            if entry.filename.lower().endswith((".model", ".xml", ".rels")):
                with archive.open(entry) as stream:
                    head = stream.read(1 << 20)
                if any(marker in head for marker in _ENTITY_MARKERS):
                    raise CorruptFile(
                        "The 3MF file contains XML entity declarations, which real 3MF files never "
                        "use; we refuse it for safety."
                    )


def check_xml_text(data: bytes) -> None:
    """Refuse XML-like text carrying DTD or entity declarations."""
    if any(marker in data[: 1 << 20] for marker in _ENTITY_MARKERS):
        raise CorruptFile("The file contains XML entity declarations; we refuse it for safety.")
