"""Undercut area for a two-part, straight-pull mould.

The mould splits across the pull axis; the half on the +pull side moves away along
+pull, the other along -pull (the parting line sits wherever the surface turns from
facing one way to the other, so no fixed parting plane is assumed). A surface point
releases if it can travel out along its own side's direction without meeting the part:
faces with `dot(n, pull) > 0` along +pull, faces with `dot(n, pull) < 0` along -pull.
A wall parallel to the pull (zero draft) releases if either way is free. Everything
else is undercut, needing side actions or lifters.
"""

from __future__ import annotations

import numpy as np

from geometry.meshes import Triangles
from geometry.report import Axis
from geometry.thickness import AXIS_VECTORS, Surface, first_hit, sample_surface, surface_of

#: |dot(n, pull)| at or below this is a wall parallel to the pull (about 0.06° of draft).
PARALLEL_TOL = 1e-3


def undercut_area(
    mesh: Triangles,
    pull: Axis = "+Z",
    *,
    samples: int = 20000,
    seed: int = 0,
    surface: Surface | None = None,
) -> float:
    """Surface area (mm²) that cannot release along `pull` in a straight-pull mould.

    Args:
        mesh: the part, mm, outward-wound shells.
        pull: the mould's pull axis (its sign does not matter).
        samples: area-weighted surface samples, one or two rays each.
        seed: RNG seed for the samples.
        surface: `surface_of(mesh)`, when the caller already has it.
    """
    surface = surface if surface is not None else surface_of(mesh)
    drawn = sample_surface(mesh, surface, samples, seed)
    if len(drawn.faces) == 0:
        return 0.0
    axis = np.asarray(AXIS_VECTORS[pull])
    facing = drawn.normals @ axis  # (n,)
    parallel = np.abs(facing) <= PARALLEL_TOL
    # Drafted faces get one ray along their own side; parallel walls get both ways.
    sign = np.concatenate([np.where(parallel, 1.0, np.sign(facing)), -np.ones(parallel.sum())])
    owner = np.concatenate([np.arange(len(facing)), np.flatnonzero(parallel)])
    directions = sign[:, None] * axis[None, :]
    origins = drawn.points[owner] + drawn.normals[owner] * surface.offset
    face, _ = first_hit(mesh, surface, origins, directions)
    hit = face >= 0
    blocked = hit[: len(facing)].copy()
    blocked[parallel] &= hit[len(facing) :]  # a parallel wall is stuck only if both ways are
    return float(np.count_nonzero(blocked)) * drawn.area_each
