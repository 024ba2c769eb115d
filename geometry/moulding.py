"""Undercut area for a two-part, straight-pull mould.

The mould splits across the pull axis; the half on the +pull side moves away along
+pull, the other along -pull (the parting line sits wherever the surface turns from
facing one way to the other, so no fixed parting plane is assumed). A surface point
releases when one half can slide off it: when it is in sight along +pull or along
-pull, as `geometry.reach` judges sight for a tool (on the smooth surface the mesh
stands for, so the meshing does not change the answer). A face turned towards a
half must have a free line out along that half's direction; a wall within
`WALL_DEG` of the pull (a zero-draft wall, or a bore's facets an unstructured
mesher tilted off its axis) releases if either way along it is free. Everything
else is undercut, needing side actions or lifters.
"""

from __future__ import annotations

import numpy as np

from geometry.machining import SAMPLES, SampledReach
from geometry.meshes import Triangles
from geometry.reach import BoolArray, even_samples, reach_along
from geometry.report import Axis
from geometry.thickness import AXIS_VECTORS, Surface, surface_of


def undercut_area(
    mesh: Triangles,
    pull: Axis = "+Z",
    *,
    samples: int = SAMPLES,
    seed: int = 0,
    surface: Surface | None = None,
) -> float:
    """Surface area (mm²) that cannot release along `pull` in a straight-pull mould.

    Args:
        mesh: the part, mm, outward-wound shells.
        pull: the mould's pull axis (its sign does not matter).
        samples: evenly spread surface samples, one or two rays each.
        seed: seed of the sample jitter.
        surface: `surface_of(mesh)`, when the caller already has it.
    """
    surface = surface if surface is not None else surface_of(mesh)
    drawn = even_samples(mesh, surface, samples, seed)
    axis = np.asarray(AXIS_VECTORS[pull], dtype=np.float64)
    released = reach_along(mesh, surface, drawn, np.stack([axis, -axis]))
    return _stuck_area(released[:, 0] | released[:, 1], drawn.area_each)


def undercut_in(reach: SampledReach, pull: Axis) -> float:
    """The undercut area (mm²) along `pull` from reach measured for machining already."""
    return _stuck_area(reach.from_either_end(pull[1]), reach.area_each)


def _stuck_area(released: BoolArray, area_each: float) -> float:
    return float(np.count_nonzero(~released)) * area_each
