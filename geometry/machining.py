"""Three-axis CNC reach: which share of the surface a tool along an axis can touch.

A surface sample is reachable from axis direction `d` (the tool comes in from `d`,
pointing along `-d`) when the face does not turn away from the tool,
`dot(n, d) >= -REACH_TOL`, and a ray from the sample towards `d` leaves the part.
Walls parallel to `d` count as reachable: a flat-end mill cuts them with its side.
A setup is one such direction; `setups` greedily adds the direction that reaches the
most still-uncovered area until everything reachable is covered. Every closed part
has a face reachable only from below, so a plain block needs two setups (+Z, -Z).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from geometry.report import Axis, Machinability
from geometry.thickness import AXIS_VECTORS, Surface, first_hit, sample_surface, surface_of

if TYPE_CHECKING:  # trimesh only types the mesh here; loading a part must not wait for it
    import trimesh

BoolArray = NDArray[np.bool_]

#: Faces this close to parallel to the tool axis count as walls the tool's side reaches.
REACH_TOL = 1e-3

#: Share of the surface left uncovered that still counts as covered (for `z_only` and
#: `setups`): absorbs the few samples whose ray grazes an edge, while a real side
#: feature (a 3 mm cross hole in a 50 mm block is ~0.6 %) stays well above it.
COVER_TOL = 1e-3

#: Greedy tie order: the Z setups first, as the part is modelled.
SETUP_ORDER: tuple[Axis, ...] = ("+Z", "-Z", "+X", "-X", "+Y", "-Y")


def reach_matrix(
    mesh: trimesh.Trimesh, samples: int, seed: int, surface: Surface
) -> tuple[BoolArray, float]:
    """Reachability (n, 6) bool of each sample from each axis in `SETUP_ORDER`, and mm² per sample.

    All rays go to embree in one batch, which lets it use every core.
    """
    drawn = sample_surface(mesh, surface, samples, seed)
    axes = np.asarray([AXIS_VECTORS[label] for label in SETUP_ORDER])  # (6, 3)
    facing = drawn.normals @ axes.T  # (n, 6)
    sample, which = np.nonzero(facing >= -REACH_TOL)
    directions = axes[which]
    origins = drawn.points[sample] + drawn.normals[sample] * surface.offset
    face, _ = first_hit(mesh, surface, origins, directions)
    reach = np.zeros(facing.shape, dtype=bool)
    reach[sample, which] = face < 0
    return reach, drawn.area_each


def greedy_setups(reach: BoolArray, tolerance: int) -> list[Axis]:
    """Directions (in pick order) that together reach all reachable samples but `tolerance`."""
    uncovered: BoolArray = np.any(reach, axis=1)
    chosen: list[Axis] = []
    while np.count_nonzero(uncovered) > tolerance:
        gain = np.count_nonzero(reach & uncovered[:, None], axis=0)
        best = int(np.argmax(gain))  # first maximum: SETUP_ORDER breaks ties
        chosen.append(SETUP_ORDER[best])
        uncovered &= ~reach[:, best]
    return chosen


def machinability(
    mesh: trimesh.Trimesh, samples: int = 20000, seed: int = 0, *, surface: Surface | None = None
) -> Machinability:
    """Three-axis reach of the surface from the six axis directions.

    Args:
        mesh: the part, mm, outward-wound shells (a void's faces point into the void).
        samples: area-weighted surface samples, up to six rays each.
        seed: RNG seed for the samples.
        surface: `surface_of(mesh)`, when the caller already has it.
    """
    surface = surface if surface is not None else surface_of(mesh)
    reach, area_each = reach_matrix(mesh, samples, seed, surface)
    count = len(reach)
    if count == 0:
        return Machinability(
            reachable_share=0.0,
            unreachable_area_mm2=0.0,
            z_only=True,
            setups=0,
            share_by_direction={label: 0.0 for label in AXIS_VECTORS},
        )
    tolerance = int(COVER_TOL * count)
    anywhere = reach.any(axis=1)
    from_z = reach[:, SETUP_ORDER.index("+Z")] | reach[:, SETUP_ORDER.index("-Z")]
    share = reach.mean(axis=0)
    return Machinability(
        reachable_share=float(anywhere.mean()),
        unreachable_area_mm2=float(np.count_nonzero(~anywhere)) * area_each,
        z_only=bool(np.count_nonzero(anywhere & ~from_z) <= tolerance),
        setups=len(greedy_setups(reach, tolerance)),
        share_by_direction={
            label: float(share[SETUP_ORDER.index(label)]) for label in AXIS_VECTORS
        },
    )
