"""3D-printing overhang and support volume for the six axis-aligned build directions.

Build direction `d` is "up": the part sits on a plate at its lowest level along `d`.
A face overhangs when it faces down more steeply than the overhang angle from
vertical, i.e. `dot(n, d) < -cos(angle)`, unless it lies on the plate. Support under
an overhang fills the column from the face down to the plate or to the first part
surface below it, estimated with downward rays from area-weighted samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from geometry.meshes import Triangles
from geometry.report import Axis, Orientation
from geometry.thickness import AXIS_VECTORS, Surface, first_hit, sample_faces, surface_of

#: A face whose three corners lie within this height of the lowest point rests on the
#: plate; 0.01 mm is far above CAD export noise and far below any printed layer.
PLATE_TOL_MM = 0.01

#: Keeps a face at exactly the overhang angle (a 45° chamfer) self-supporting.
ANGLE_TOL = 1e-6

#: Support and overhang estimates closer than this (relative) are a tie when choosing the
#: best orientation: sampling noise is about 1 %, and a few % is no reason to reorient.
TIE_REL = 0.05
TIE_ABS = 1e-3  # mm³ or mm², so that "zero" ties with float noise

#: Orientation preference when support and overhang tie: +Z (as modelled) first.
PREFERENCE: tuple[Axis, ...] = ("+Z", "-Z", "+X", "-X", "+Y", "-Y")

DEFAULT_SUPPORT_SAMPLES = 4000


def overhang(
    mesh: Triangles,
    direction: Axis = "+Z",
    angle_deg: float = 45.0,
    *,
    samples: int = DEFAULT_SUPPORT_SAMPLES,
    seed: int = 0,
    surface: Surface | None = None,
) -> tuple[float, float]:
    """Overhang area (mm², true face area) and support volume (mm³) building along `direction`.

    Args:
        mesh: the part, mm, outward-wound shells.
        direction: the build (up) direction.
        angle_deg: overhang angle from vertical; steeper faces need support.
        samples: downward rays cast to estimate the support columns.
        seed: RNG seed for the ray samples.
        surface: `surface_of(mesh)`, when the caller already has it.
    """
    surface = surface if surface is not None else surface_of(mesh)
    if len(surface.areas) == 0:
        return 0.0, 0.0
    columns = _Columns.of(mesh, surface)
    return _overhang(
        mesh, surface, columns, direction, angle_deg=angle_deg, samples=samples, seed=seed
    )


@dataclass(frozen=True, slots=True)
class _Columns:
    """Per-axis columns of the face normals, vertices and face corners, copied out once.

    Each build direction reads one axis of each; six directions would otherwise copy
    the same strided columns (and gather whole face rows) over and over.
    """

    normals: tuple[NDArray[np.float64], ...]  # 3 × (f,)
    vertices: tuple[NDArray[np.float64], ...]  # 3 × (v,) mm
    corners: tuple[NDArray[np.int64], ...]  # 3 × (f,) vertex index of each corner

    @classmethod
    def of(cls, mesh: Triangles, surface: Surface) -> _Columns:
        vertices = np.asarray(mesh.vertices, dtype=np.float64)
        faces = np.asarray(mesh.faces)
        return cls(
            tuple(np.ascontiguousarray(surface.normals[:, k]) for k in range(3)),
            tuple(np.ascontiguousarray(vertices[:, k]) for k in range(3)),
            tuple(np.ascontiguousarray(faces[:, k]) for k in range(3)),
        )


def _overhang(
    mesh: Triangles,
    surface: Surface,
    columns: _Columns,
    direction: Axis,
    *,
    angle_deg: float,
    samples: int,
    seed: int,
) -> tuple[float, float]:
    up = np.asarray(AXIS_VECTORS[direction])
    axis, sign = "XYZ".index(direction[1]), float(up["XYZ".index(direction[1])])
    facing = sign * columns.normals[axis]  # (f,) dot(n, up)
    steep = np.flatnonzero(facing < -math.cos(math.radians(angle_deg)) - ANGLE_TOL)
    heights = sign * columns.vertices[axis]  # (v,) mm above 0
    plate = float(heights.min())
    first, second, third = (heights[corner[steep]] for corner in columns.corners)
    corner_top = np.maximum(np.maximum(first, second), third)
    hanging = steep[corner_top > plate + PLATE_TOL_MM]
    if len(hanging) == 0:
        return 0.0, 0.0
    area = float(surface.areas[hanging].sum())

    projected = surface.areas[hanging] * -facing[hanging]  # (k,) mm² on the plate
    rng = np.random.default_rng(seed)
    picked, points = sample_faces(mesh, np.cumsum(projected), samples, rng, hanging)
    down = np.broadcast_to(-up, points.shape)
    _, distance = first_hit(mesh, surface, points + down * surface.offset, down)
    above_plate = points @ up - plate
    column = np.fmin(distance + surface.offset, above_plate)  # a miss (NaN) drops to the plate
    volume = float(projected.sum() * np.clip(column, 0.0, None).mean()) if len(picked) else 0.0
    return area, volume


def orientations(
    mesh: Triangles,
    angle_deg: float = 45.0,
    *,
    samples: int = DEFAULT_SUPPORT_SAMPLES,
    seed: int = 0,
    surface: Surface | None = None,
) -> list[Orientation]:
    """Overhang and support for each of the six axis build directions, in `AXIS_VECTORS` order."""
    surface = surface if surface is not None else surface_of(mesh)
    columns = _Columns.of(mesh, surface) if len(surface.areas) else None
    found = []
    for direction in AXIS_VECTORS:
        area, volume = (
            _overhang(
                mesh, surface, columns, direction, angle_deg=angle_deg, samples=samples, seed=seed
            )
            if columns is not None
            else (0.0, 0.0)
        )
        found.append(
            Orientation(direction=direction, overhang_area_mm2=area, support_volume_mm3=volume)
        )
    return found


def best_orientation(candidates: Sequence[Orientation]) -> Axis:
    """The build direction needing least support; ties → less overhang → `PREFERENCE` order.

    Values within `TIE_REL` (or `TIE_ABS`) of the smallest count as ties, so sampling
    noise does not turn a symmetric part on its side.
    """
    if not candidates:
        return "+Z"
    pool = list(candidates)
    measures: tuple[Callable[[Orientation], float], ...] = (
        lambda o: o.support_volume_mm3,
        lambda o: o.overhang_area_mm2,
    )
    for measure in measures:
        least = min(measure(o) for o in pool)
        pool = [o for o in pool if measure(o) <= least * (1 + TIE_REL) + TIE_ABS]
    return min(pool, key=lambda o: PREFERENCE.index(o.direction)).direction
