"""STEP through OpenCASCADE (cascadio): tessellated to GLB in metres, then read.

Runs in the analysis worker process: OpenCASCADE is C++ and a hostile file
may crash it, which the worker contains.
"""

from __future__ import annotations

import io
import re
from typing import Any

from geometry.errors import CorruptFile, EmptyMesh, GeometryError
from geometry.formats.base import RawTriangles, scene_triangles

# Chordal deflection in the file's length unit and angular deflection in
# radians: fine enough that a 10 mm radius loses well under 0.5 % of volume.
TOLERANCE_LINEAR = 0.01
TOLERANCE_ANGULAR = 0.3

_SOLID_ENTITIES = re.compile(
    rb"MANIFOLD_SOLID_BREP|BREP_WITH_VOIDS|ADVANCED_FACE|FACETED_BREP|SHELL_BASED_SURFACE_MODEL"
)


def check_step_text(data: bytes) -> None:
    """Refuse STEP text with no data section or no solid geometry, before OpenCASCADE sees it."""
    if b"DATA;" not in data or not _SOLID_ENTITIES.search(data):
        raise CorruptFile(
            "This STEP file has no solid or surface geometry we can read; it may be damaged "
            "or contain only a drawing. Please export the 3D model again."
        )


def read_step(data: bytes) -> RawTriangles:
    """Tessellate a STEP file; the triangles come back in metres."""
    check_step_text(data)
    import cascadio  # noqa: PLC0415 — heavy C++ extension, loaded only for STEP

    glb = cascadio.load(
        data, file_type="step", tol_linear=TOLERANCE_LINEAR, tol_angular=TOLERANCE_ANGULAR
    )
    if not glb:
        raise CorruptFile("OpenCASCADE could not read this STEP file; it looks damaged.")
    import trimesh  # noqa: PLC0415  # see geometry.analyze: loading an STL must not wait for trimesh

    try:
        # One geometry per solid: loaded as a scene, not concatenated, so each
        # solid keeps its own id and touching solids are not welded together.
        scene: Any = trimesh.load(io.BytesIO(glb), file_type="glb", process=False)
        triangles, body_ids, vertex_count = scene_triangles(scene)
    except GeometryError:
        raise
    except Exception as exc:  # the GLB came from OpenCASCADE; a failure is the file's
        raise CorruptFile("We couldn't tessellate this STEP file; it looks damaged.") from exc
    if len(triangles) == 0:
        raise EmptyMesh("The STEP file contains no solid geometry to measure.")
    return RawTriangles(triangles, units="m", vertex_count=vertex_count, body_ids=body_ids)
