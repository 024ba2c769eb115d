"""Encode test meshes as the files customers send (bytes in each format)."""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np
import trimesh


def binary_stl(mesh: trimesh.Trimesh, declared: int | None = None) -> bytes:
    """A binary STL of `mesh`; `declared` lets the header's triangle count lie."""
    triangles = np.asarray(mesh.triangles, dtype="<f4")
    count = len(triangles) if declared is None else declared
    body = np.zeros(len(triangles), dtype=[("n", "<f4", (3,)), ("v", "<f4", (3, 3)), ("a", "<u2")])
    body["v"] = triangles
    return b"\0" * 80 + struct.pack("<I", count) + body.tobytes()


def ascii_stl(mesh: trimesh.Trimesh) -> bytes:
    """An ASCII STL of `mesh`."""
    lines = ["solid part"]
    for triangle in np.asarray(mesh.triangles):
        lines.append("  facet normal 0 0 0\n    outer loop")
        lines.extend(f"      vertex {x:.9g} {y:.9g} {z:.9g}" for x, y, z in triangle)
        lines.append("    endloop\n  endfacet")
    lines.append("endsolid part\n")
    return "\n".join(lines).encode()


def export(mesh: trimesh.Trimesh, file_type: str) -> bytes:
    """`mesh` exported by trimesh as `file_type` (obj, ply, glb, 3mf)."""
    data = mesh.export(file_type=file_type)
    return data.encode() if isinstance(data, str) else bytes(data)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A deflated zip archive holding `entries`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()
