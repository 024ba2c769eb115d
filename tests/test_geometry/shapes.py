"""Analytic test parts, in mm, built with manifold3d so every shell is closed and outward.

Each builder documents the dimensions its tests check against. Round features use
`SEGMENTS` facets, so exact areas use the polygon, not the circle (see `polygon_perimeter`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import trimesh
from manifold3d import Manifold
from numpy.typing import NDArray

SEGMENTS = 64


def to_trimesh(solid: Manifold) -> trimesh.Trimesh:
    """The manifold as an unprocessed Trimesh (merged vertices, outward winding)."""
    mesh = solid.to_mesh()
    return trimesh.Trimesh(
        np.asarray(mesh.vert_properties)[:, :3].astype(np.float64),
        np.asarray(mesh.tri_verts).astype(np.int64),
        process=False,
    )


def joined(meshes: Sequence[trimesh.Trimesh]) -> trimesh.Trimesh:
    """The meshes as one Trimesh whose shells stay as they were (no merging, no repair)."""
    mesh = trimesh.util.concatenate(list(meshes))
    # trimesh types the result as any Geometry; a list of meshes always gives a mesh.
    assert isinstance(mesh, trimesh.Trimesh)
    return mesh


def polygon_perimeter(radius: float, segments: int = SEGMENTS) -> float:
    """Perimeter (mm) of the regular polygon manifold3d uses for a circle of `radius`."""
    return 2.0 * segments * radius * math.sin(math.pi / segments)


def polygon_area(radius: float, segments: int = SEGMENTS) -> float:
    """Area (mm²) of the regular polygon manifold3d uses for a circle of `radius`."""
    return 0.5 * segments * radius**2 * math.sin(2.0 * math.pi / segments)


def box(size: tuple[float, float, float] = (20.0, 20.0, 20.0)) -> Manifold:
    """A box with its lower corner at the origin."""
    return Manifold.cube(size)


def cube(edge: float = 20.0) -> trimesh.Trimesh:
    """A solid cube, corner at the origin."""
    return to_trimesh(box((edge, edge, edge)))


def hollow_box(outer: float = 40.0, wall: float = 2.0) -> trimesh.Trimesh:
    """A closed box with a sealed internal void: walls `wall` thick all round."""
    inner = box((outer - 2 * wall,) * 3).translate((wall, wall, wall))
    return to_trimesh(box((outer,) * 3) - inner)


def tube(outer_r: float = 10.0, inner_r: float = 8.0, length: float = 30.0) -> trimesh.Trimesh:
    """An open-ended round tube along Z, wall `outer_r - inner_r`."""
    outer = Manifold.cylinder(length, outer_r, circular_segments=SEGMENTS)
    bore = Manifold.cylinder(length + 2, inner_r, circular_segments=SEGMENTS).translate((0, 0, -1))
    return to_trimesh(outer - bore)


def plate_with_holes(
    size: tuple[float, float] = (60.0, 40.0), thickness: float = 3.0, hole_r: float = 3.0
) -> trimesh.Trimesh:
    """A flat plate with four through holes near its corners."""
    plate = box((size[0], size[1], thickness))
    for x, y in ((10, 10), (size[0] - 10, 10), (10, size[1] - 10), (size[0] - 10, size[1] - 10)):
        hole = Manifold.cylinder(thickness + 2, hole_r, circular_segments=SEGMENTS)
        plate = plate - hole.translate((x, y, -1))
    return to_trimesh(plate)


def t_shape(
    cap: float = 40.0, cap_height: float = 5.0, stem: float = 10.0, stem_height: float = 20.0
) -> trimesh.Trimesh:
    """A mushroom: a square `cap` plate centred on top of a square `stem` standing on z=0."""
    offset = (cap - stem) / 2
    post = box((stem, stem, stem_height)).translate((offset, offset, 0))
    top = box((cap, cap, cap_height)).translate((0, 0, stem_height))
    return to_trimesh(post + top)


def spool(
    flange: float = 30.0, flange_height: float = 4.0, core: float = 10.0, gap: float = 12.0
) -> trimesh.Trimesh:
    """Two square flanges joined by a square core: the textbook undercut along Z."""
    offset = (flange - core) / 2
    middle = box((core, core, gap + 2)).translate((offset, offset, flange_height - 1))
    lower = box((flange, flange, flange_height))
    upper = lower.translate((0, 0, flange_height + gap))
    return to_trimesh(lower + middle + upper)


def l_bracket_upside_down(
    leg: float = 40.0, width: float = 30.0, thickness: float = 5.0
) -> trimesh.Trimesh:
    """An L bracket standing on its upright leg with the other leg on top (a Γ in XZ).

    Built along +Z the top leg overhangs; flipped (-Z) it lies flat on that leg.
    """
    upright = box((thickness, width, leg))
    top = box((leg, width, thickness)).translate((0, 0, leg - thickness))
    return to_trimesh(upright + top)


def box_with_side_hole(edge: float = 30.0, radius: float = 4.0) -> trimesh.Trimesh:
    """A cube with a through hole along X through its centre."""
    drill = Manifold.cylinder(edge + 2, radius, circular_segments=SEGMENTS)
    drill = drill.rotate((0, 90, 0)).translate((-1, edge / 2, edge / 2))
    return to_trimesh(box((edge,) * 3) - drill)


def box_with_blind_hole(
    edge: float = 30.0, radius: float = 4.0, depth: float = 15.0
) -> trimesh.Trimesh:
    """A cube with a blind hole drilled down from the top face."""
    drill = Manifold.cylinder(depth + 1, radius, circular_segments=SEGMENTS)
    drill = drill.translate((edge / 2, edge / 2, edge - depth))
    return to_trimesh(box((edge,) * 3) - drill)


def box_with_void(outer: float = 30.0, void: float = 10.0) -> trimesh.Trimesh:
    """A solid cube with a sealed cubic void at its centre (the void's shell faces inward)."""
    start = (outer - void) / 2
    return to_trimesh(box((outer,) * 3) - box((void,) * 3).translate((start,) * 3))


def hollow_sphere(outer_r: float = 20.0, inner_r: float = 16.0) -> trimesh.Trimesh:
    """A spherical shell with a sealed spherical void."""
    return to_trimesh(
        Manifold.sphere(outer_r, circular_segments=SEGMENTS)
        - Manifold.sphere(inner_r, circular_segments=SEGMENTS)
    )


def sphere(radius: float = 20.0, subdivisions: int = 5) -> trimesh.Trimesh:
    """A solid icosphere centred at the origin."""
    ball = trimesh.creation.icosphere(subdivisions=subdivisions, radius=radius)
    return trimesh.Trimesh(ball.vertices.copy(), ball.faces.copy(), process=False)


def quarter_turns_about_z(turns: int, shift: tuple[float, float, float]) -> NDArray[np.float64]:
    """4x4 rigid motion: `turns` x 90° about +Z, then a translation by `shift` mm."""
    c, s = [(1, 0), (0, 1), (-1, 0), (0, -1)][turns % 4]
    motion = np.eye(4)
    motion[:2, :2] = [[c, -s], [s, c]]
    motion[:3, 3] = shift
    return motion


def rigid_motion(
    quaternion: tuple[float, float, float, float], shift: tuple[float, float, float]
) -> NDArray[np.float64]:
    """4x4 rigid motion: the rotation of quaternion (w, x, y, z), normalised, then `shift`."""
    w, x, y, z = np.asarray(quaternion) / np.linalg.norm(quaternion)
    motion = np.eye(4)
    motion[:3, :3] = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ]
    motion[:3, 3] = shift
    return motion


def moved(mesh: trimesh.Trimesh, transform: NDArray[np.float64]) -> trimesh.Trimesh:
    """A copy of `mesh` under the 4x4 rigid `transform`."""
    vertices = trimesh.transform_points(np.asarray(mesh.vertices), transform)
    return trimesh.Trimesh(vertices, np.asarray(mesh.faces).copy(), process=False)
