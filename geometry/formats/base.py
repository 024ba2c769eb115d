"""What every format reader hands back, and checks they all share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from geometry.errors import CorruptFile, EmptyMesh, TooLarge
from geometry.limits import Limits
from geometry.report import ReportWarning, Units

# Coordinates beyond this (in any unit) are garbage bytes, not a part.
MAX_ABS_COORDINATE = 1e9


@dataclass
class RawTriangles:
    """Triangles as read, before any repair.

    Attributes:
        triangles: (n, 3, 3) float64, in `units` (None when the format has none);
            float32 from a binary STL, which stores them so (see `merge_vertices`).
        units: the unit the file declares, or None.
        warnings: what the reader had to recover from.
        body_ids: (n,) int64 solid each triangle belongs to, when the format
            says (a STEP solid, a 3MF object); welding never joins two ids, so
            solids that touch stay separate bodies. None: one mesh, weld freely.
    """

    triangles: NDArray[np.floating[Any]]
    units: Units | None = None
    warnings: list[ReportWarning] = field(default_factory=list)
    vertex_count: int | None = None  # vertices the file listed, for indexed formats
    body_ids: NDArray[np.int64] | None = None


def checked(triangles: NDArray[np.floating[Any]], limits: Limits) -> NDArray[np.floating[Any]]:
    """Refuse triangle arrays that are empty, too many or not finite numbers."""
    if triangles.ndim != 3 or triangles.shape[1:] != (3, 3) or len(triangles) == 0:
        raise EmptyMesh("The file contains no triangles, so there is no part to measure.")
    if len(triangles) > limits.max_faces:
        raise TooLarge(
            f"The model has {len(triangles):,} triangles; we accept up to {limits.max_faces:,}. "
            "Please export it with a coarser resolution."
        )
    # The smallest and largest number bound every coordinate (two passes, no
    # temporaries); a NaN anywhere makes both NaN, an infinity one of them infinite.
    low, high = float(triangles.min()), float(triangles.max())
    if not (np.isfinite(low) and np.isfinite(high)):
        raise CorruptFile(
            "The file contains coordinates that are not numbers (NaN or infinity); "
            "it is probably damaged. Please export it again."
        )
    if max(-low, high) > MAX_ABS_COORDINATE:
        raise CorruptFile(
            "The file contains absurdly large coordinates; it is probably damaged. "
            "Please export it again."
        )
    return triangles


def indexed_to_triangles(
    vertices: NDArray[np.float64], faces: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Expand an indexed mesh to triangles, refusing indices outside the vertex list."""
    vertices = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    faces = np.asarray(faces, dtype=np.int64)
    if faces.size == 0:
        return np.zeros((0, 3, 3))
    if faces.ndim != 2 or faces.shape[1] != 3:
        raise CorruptFile("The file's faces are not triangles we can read.")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise CorruptFile(
            "The file refers to corner points that do not exist (face index out of range); "
            "it is damaged. Please export it again."
        )
    return vertices[faces]


def scene_triangles(loaded: Any) -> tuple[NDArray[np.float64], NDArray[np.int64] | None, int]:
    """Triangles of a loaded trimesh mesh or scene, with one body id per scene geometry.

    Returns `(triangles (n, 3, 3), body_ids (n,) or None for a single mesh,
    vertex count)`; scene transforms are applied.
    """
    import trimesh  # noqa: PLC0415 — only the readers that load scenes need it

    meshes: list[Any] = [loaded]
    if isinstance(loaded, trimesh.Scene):
        meshes = [m for m in loaded.dump(concatenate=False) if len(getattr(m, "faces", ()))]
    parts = [
        indexed_to_triangles(np.asarray(m.vertices), np.asarray(m.faces, dtype=np.int64))
        for m in meshes
    ]
    vertex_count = sum(len(m.vertices) for m in meshes)
    if not parts:
        return np.zeros((0, 3, 3)), None, 0
    if len(parts) == 1:
        return parts[0], None, vertex_count
    ids = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
    return np.concatenate(parts), ids, vertex_count
