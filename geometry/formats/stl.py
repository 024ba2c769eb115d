"""STL, binary and ASCII, parsed with numpy (trimesh's reader is the slow part).

trimesh 5.2 silently returns 0 faces for a binary STL whose header count
disagrees with its length; here such a file is read when its triangles are
whole, with a warning, and refused when it is cut off.
"""

from __future__ import annotations

import re
import struct

import numpy as np
from numpy.typing import NDArray

from geometry.errors import CorruptFile
from geometry.formats.base import RawTriangles
from geometry.report import ReportWarning

_HEADER = 80
_RECORD = np.dtype([("normal", "<f4", (3,)), ("corners", "<f4", (3, 3)), ("attribute", "<u2")])
_VERTEX = re.compile(rb"vertex\s+(\S+)\s+(\S+)\s+(\S+)", re.IGNORECASE)
_ASCII_START = re.compile(rb"^\s*solid\b", re.IGNORECASE)


def read_stl(data: bytes) -> RawTriangles:
    """Read a binary or ASCII STL."""
    if _looks_ascii(data):
        return RawTriangles(_read_ascii(data))
    return _read_binary(data)


def _looks_ascii(data: bytes) -> bool:
    if not _ASCII_START.match(data[:512]):
        return False
    if len(data) >= 84:
        (count,) = struct.unpack_from("<I", data, _HEADER)
        if len(data) == 84 + 50 * count:
            return False  # many binary exporters start the header with "solid"
    return b"\x00" not in data[:4096] and b"facet" in data[:4096].lower()


def _read_binary(data: bytes) -> RawTriangles:
    if len(data) < 84:
        raise CorruptFile("The STL file is too short to hold a triangle; it is probably cut off.")
    (declared,) = struct.unpack_from("<I", data, _HEADER)
    body = len(data) - 84
    if body % _RECORD.itemsize:
        raise CorruptFile(
            "The STL file is cut off: its last triangle is incomplete. "
            "Please upload the whole file again."
        )
    whole = body // _RECORD.itemsize
    warnings = []
    if whole != declared:
        warnings.append(
            ReportWarning(
                code="stl_count_mismatch",
                message=(
                    f"The STL header promised {declared:,} triangles but the file holds "
                    f"{whole:,} complete ones; we measured those."
                ),
            )
        )
    records = np.frombuffer(data, dtype=_RECORD, count=whole, offset=84)
    # The file's own float32 numbers, copied once out of the 50-byte records: the
    # weld turns them into float64 column by column (exactly: every float32 is a
    # float64), so no (n, 3, 3) float64 copy of a million-face part is ever made.
    corners = np.ascontiguousarray(records["corners"])
    return RawTriangles(corners, warnings=warnings)


def _read_ascii(data: bytes) -> NDArray[np.float64]:
    found = _VERTEX.findall(data)
    if len(found) % 3:
        raise CorruptFile("The ASCII STL has a facet without three corners; it is damaged.")
    try:
        values = np.array(found, dtype=np.float64)
    except ValueError as exc:
        raise CorruptFile("The ASCII STL has corner coordinates that are not numbers.") from exc
    return values.reshape(-1, 3, 3)
