"""Route bytes of a known format to its reader; wrap library failures as typed errors."""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from typing import Any

from geometry.errors import CorruptFile, GeometryError
from geometry.formats.archive import check_zip
from geometry.formats.base import RawTriangles, checked, scene_triangles
from geometry.formats.step import read_step
from geometry.formats.stl import read_stl
from geometry.limits import Limits
from geometry.report import ReportWarning
from vocabulary import Unit

# Declared file units we convert, by the names trimesh and the formats use.
_UNIT_NAMES: dict[str, tuple[Unit, float]] = {
    "millimeter": ("mm", 1.0),
    "millimeters": ("mm", 1.0),
    "mm": ("mm", 1.0),
    "micron": ("mm", 0.001),
    "microns": ("mm", 0.001),
    "centimeter": ("mm", 10.0),
    "centimeters": ("mm", 10.0),
    "cm": ("mm", 10.0),
    "meter": ("m", 1.0),
    "meters": ("m", 1.0),
    "m": ("m", 1.0),
    "inch": ("inch", 1.0),
    "inches": ("inch", 1.0),
    "in": ("inch", 1.0),
    "foot": ("inch", 12.0),
    "feet": ("inch", 12.0),
}

#: What Python's zip reader raises on a damaged archive (check_zip reads nothing else);
#: `check_zip` turns most into CorruptFile itself, this is the net behind it.
_DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    OverflowError,  # a zip64 offset beyond what a file position can be
    NotImplementedError,
    RuntimeError,
)

_HUMAN = {"obj": "OBJ", "ply": "PLY", "3mf": "3MF", "glb": "GLB", "gltf": "glTF"}


def read_triangles(data: bytes, fmt: str, limits: Limits) -> RawTriangles:
    """Read `data` in format `fmt` into raw triangles in the file's own units.

    Raises:
        GeometryError: a typed error with a customer-readable message.
    """
    if fmt == "stl":
        raw = read_stl(data)
    elif fmt == "step":
        raw = read_step(data)
    else:
        if fmt == "3mf":
            _check_archive(data, limits)
        raw = _read_with_trimesh(data, fmt)
        if fmt in ("glb", "gltf"):
            # glTF is metres by specification.
            raw.units = "m"
    raw.triangles = checked(raw.triangles, limits)
    return raw


def _check_archive(data: bytes, limits: Limits) -> None:
    """`check_zip`, with what reading a damaged entry raises turned into `CorruptFile`."""
    try:
        check_zip(data, limits)
    except _DAMAGED_ZIP as exc:
        # A bad CRC, deflate stream or offset, an unsupported compression method or an
        # encrypted entry: the archive is not one we can read, whatever it claims.
        raise CorruptFile(
            "The 3MF file is not a readable archive; it is damaged or encrypted."
        ) from exc


def _read_with_trimesh(data: bytes, fmt: str) -> RawTriangles:
    import trimesh  # noqa: PLC0415  # see geometry.analyze: loading an STL must not wait for trimesh

    file_type = "glb" if fmt == "gltf" and data[:4] == b"glTF" else fmt
    # A 3MF object is a closed mesh by the specification, so each keeps its own body
    # id (touching objects are not welded); OBJ and glTF groups may split one body.
    separate = fmt == "3mf"
    try:
        loaded: Any = trimesh.load(
            io.BytesIO(data), file_type=file_type, force=None if separate else "mesh", process=False
        )
        triangles, body_ids, vertex_count = scene_triangles(loaded)
    except GeometryError:
        raise
    except Exception as exc:  # any parser failure is the file's fault, never ours to show
        raise CorruptFile(
            f"We couldn't read this {_HUMAN[fmt]} file; it looks damaged or uses features we "
            "don't support. Please export it again, or send STL or STEP."
        ) from exc
    raw = RawTriangles(triangles, vertex_count=vertex_count, body_ids=body_ids)
    declared = getattr(loaded, "units", None)
    if declared:
        unit, factor = _UNIT_NAMES.get(str(declared).lower(), (None, 1.0))
        if unit is None:
            raw.warnings.append(
                ReportWarning(
                    code="unknown_file_units",
                    message=(
                        f"The file declares the unit '{declared}', which we don't know; "
                        "we assumed millimetres."
                    ),
                )
            )
        else:
            raw.triangles = raw.triangles * factor
            raw.units = unit
    return raw
