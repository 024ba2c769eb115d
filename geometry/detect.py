"""Tell a CAD format from the bytes themselves, not from the file name.

The extension is only a cross-check: content that says one format under a
name that says another is refused rather than guessed at.
"""

from __future__ import annotations

import re
import struct

from geometry.errors import EmptyMesh, UnsupportedFormat

#: Format names the rest of the library uses, by the extensions that announce them.
EXTENSIONS: dict[str, str] = {
    "stl": "stl",
    "obj": "obj",
    "ply": "ply",
    "3mf": "3mf",
    "glb": "glb",
    "gltf": "gltf",
    "step": "step",
    "stp": "step",
}

# Formats that are really one family: a .gltf name holding GLB bytes is fine.
_FAMILY = {"glb": "gltf", "gltf": "gltf"}

_STEP_MAGIC = re.compile(rb"^\s*ISO-10303-21\s*;")
_ASCII_STL = re.compile(rb"^\s*solid\b[^\n]*\n\s*(facet\b|endsolid\b)", re.IGNORECASE)
_OBJ_LINE = re.compile(rb"^\s*(v|f|vn|vt|o|g|mtllib|usemtl)\s", re.MULTILINE)
_HUMAN = {
    "stl": "STL",
    "obj": "OBJ",
    "ply": "PLY",
    "3mf": "3MF",
    "glb": "GLB",
    "gltf": "glTF",
    "step": "STEP",
}


def extension_format(filename: str) -> str | None:
    """The format a file name announces, or None for an unknown extension."""
    _, dot, ext = filename.rpartition(".")
    return EXTENSIONS.get(ext.lower()) if dot else None


def declared_format(filename: str) -> str:
    """All that a file name adds to reading a file: the format it announces, or "".

    `detect_format` uses the name for nothing else (even its refusal names only
    this format), so the same bytes under two names declaring one format are read
    alike: a cache of results keys by this, never by the name itself.
    """
    return extension_format(filename) or ""


def name_declaring(declared: str) -> str:
    """A neutral file name that announces `declared` (a `declared_format` value) and no more."""
    return f"part.{declared}" if declared else "part"


def _is_binary_stl_size(data: bytes) -> bool:
    if len(data) < 84:
        return False
    count: int = struct.unpack_from("<I", data, 80)[0]
    return len(data) == 84 + 50 * count


def sniff(data: bytes) -> str | None:
    """The format the content itself shows, or None when it shows none."""
    head = data[:1024]
    if head.startswith(b"glTF"):
        return "glb"
    if head.startswith(b"PK\x03\x04"):
        return "3mf"
    if head.startswith((b"ply\n", b"ply\r\n")):
        return "ply"
    if _STEP_MAGIC.match(head.lstrip(b"\xef\xbb\xbf")):
        return "step"
    if _is_binary_stl_size(data):
        return "stl"
    if _ASCII_STL.match(head):
        return "stl"
    stripped = head.lstrip()
    if stripped.startswith(b"{") and b'"asset"' in data[:65536]:
        return "gltf"
    if _OBJ_LINE.search(head) and b"\x00" not in head:
        return "obj"
    return None


def detect_format(data: bytes, filename: str) -> str:
    """Decide the format of `data`, cross-checked against `filename`.

    Raises:
        EmptyMesh: the file is empty.
        UnsupportedFormat: the content is not a format we read, or it
            contradicts the extension.
    """
    if not data.strip():
        raise EmptyMesh("The file is empty.")
    named = extension_format(filename)
    found = sniff(data)
    if found is None and named == "stl" and len(data) >= 84:
        # A binary STL whose header count lies fails the size rule; the STL
        # reader decides whether its triangles can still be read honestly.
        found = "stl"
    if found is None:
        raise UnsupportedFormat(
            "We can't read this file. Please send a 3D model as STL, STEP, 3MF, OBJ, PLY or GLB."
        )
    if named is not None and _FAMILY.get(named, named) != _FAMILY.get(found, found):
        raise UnsupportedFormat(
            f"The file is named as {_HUMAN[named]} but its content is {_HUMAN[found]}. "
            "Please export the model again or send it with its right extension."
        )
    return found
