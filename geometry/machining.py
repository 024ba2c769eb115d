"""Three-axis CNC reach: the share of the surface a tool can touch, and in how many set-ups.

Reach. A tool coming in from direction `d` (pointing along `-d`) reaches a point of
the surface when the surface there does not turn away from it and the line from the
point towards `d` leaves the part (`geometry.reach`: judged on the smooth surface the
mesh stands for, so the meshing does not change the answer). Walls within `WALL_DEG`
of parallel to `d` are cut by the tool's side (its flank); faces that look towards `d`
are cut by its end. Besides the six axis directions the caller may name more
(the axis of a hole is one): a hole is reachable along its own axis.

Set-ups. A 3-axis part is made around one axis of its stock: the tool's end faces
the stock's two ends along that axis (two set-ups, the part flipped between them) and
its flank profiles everything parallel to that axis in those two set-ups. Each further
direction from which something is left to cut (a cross hole, a side pocket) is one
more set-up, chosen greedily by the area it adds. The flank of such an extra set-up
is credited with what it really cuts (the bore of a cross hole), but the far end of
the stock is faced with the end of a cutter in its own set-up, never milled as a wall
with the side of a cutter as long as the part: a plain greedy cover over the six
directions would do just that and make a block drilled along Z and across along X in
two set-ups (+X drilling the cross hole and flanking the bottom face, +Z drilling the
other hole and flanking the -X end) where a shop needs three (top, bottom, side).
So every primary axis is tried, its pair taken first, the rest greedy; the plan with
the fewest set-ups wins (ties: Z, X, Y — the part as modelled).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from geometry.meshes import Triangles
from geometry.reach import WALL_DEG, BoolArray, even_samples, reach_along
from geometry.report import Axis, Machinability
from geometry.thickness import AXIS_VECTORS, Surface, surface_of

__all__ = [
    "WALL_DEG",
    "SampledReach",
    "machinability",
    "machinability_of",
    "plan_setups",
    "sampled_reach",
]

#: Samples spread evenly over the surface: with stratified sampling a share is stable to
#: about 1/n per region boundary, far under the 1 % the reach of one part may vary by.
SAMPLES = 12000

#: Share of the surface left uncovered that still counts as covered (for `z_only` and
#: `setups`): absorbs the few samples on an edge where a ray grazes a corner, while a
#: real side feature (a 3 mm cross hole in a 50 mm block is ~0.6 %) stays well above it.
COVER_TOL = 1e-3

#: The primary axes tried for the stock's two ends, in tie order: Z first, as modelled.
PRIMARY_AXES = ("Z", "X", "Y")

#: Column order of the reach matrix for the six axis directions.
SETUP_ORDER: tuple[Axis, ...] = ("+Z", "-Z", "+X", "-X", "+Y", "-Y")


def plan_setups(reach: BoolArray, labels: Sequence[str], tolerance: int) -> list[str]:
    """Set-up directions (in order) that reach all reachable samples but `tolerance`.

    Args:
        reach: (n, m) whether each sample is reached from each direction.
        labels: the m directions' names; "+Z" and "-Z" etc. name the primary pairs.
        tolerance: samples that may stay uncovered.
    """
    reachable = np.asarray(reach.any(axis=1), dtype=bool)
    best: list[str] | None = None
    for axis in PRIMARY_AXES:
        pair = [labels.index(f"+{axis}"), labels.index(f"-{axis}")]
        plan = _cover(reach, reachable, pair, tolerance)
        if best is None or len(plan) < len(best):
            best = [labels[k] for k in plan]
    return best or []


def _cover(reach: BoolArray, reachable: BoolArray, first: list[int], tolerance: int) -> list[int]:
    """Columns: those of `first` that add anything, then greedily the one adding most."""
    uncovered = reachable.copy()
    chosen: list[int] = []
    for column in first:
        if np.count_nonzero(uncovered) > tolerance and np.any(uncovered & reach[:, column]):
            chosen.append(column)
            uncovered &= ~reach[:, column]
    while np.count_nonzero(uncovered) > tolerance:
        gain = np.count_nonzero(reach & uncovered[:, None], axis=0)
        best = int(np.argmax(gain))  # first maximum: column order breaks ties
        chosen.append(best)
        uncovered &= ~reach[:, best]
    return chosen


@dataclass(frozen=True, slots=True)
class SampledReach:
    """Which evenly spread surface samples a tool reaches from each direction."""

    reached: BoolArray  # (n, m): the six of SETUP_ORDER, then the extra directions
    labels: tuple[str, ...]  # (m,) "+Z" etc., then "extra 0", ...
    area_each: float  # mm² each sample stands for

    def from_either_end(self, axis: str) -> BoolArray:
        """(n,) whether each sample is reached from +`axis` or -`axis` ("X", "Y" or "Z")."""
        plus, minus = SETUP_ORDER.index(f"+{axis}"), SETUP_ORDER.index(f"-{axis}")
        return self.reached[:, plus] | self.reached[:, minus]


def machinability(
    mesh: Triangles,
    samples: int = SAMPLES,
    seed: int = 0,
    *,
    surface: Surface | None = None,
    extra_directions: Sequence[Sequence[float]] | NDArray[np.float64] = (),
) -> Machinability:
    """Three-axis reach of the surface and the set-ups it takes.

    Args: as for `sampled_reach`.

    Raises:
        ValueError: an extra direction is zero or not finite.
    """
    return machinability_of(
        sampled_reach(mesh, samples, seed, surface=surface, extra_directions=extra_directions)
    )


def sampled_reach(
    mesh: Triangles,
    samples: int = SAMPLES,
    seed: int = 0,
    *,
    surface: Surface | None = None,
    extra_directions: Sequence[Sequence[float]] | NDArray[np.float64] = (),
) -> SampledReach:
    """The reach of evenly spread samples from the six axis directions and any extra ones.

    Args:
        mesh: the part, mm, outward-wound shells (a void's faces point into the void).
        samples: evenly spread surface samples, a few rays each.
        seed: seed of the sample jitter.
        surface: `surface_of(mesh)`, when the caller already has it.
        extra_directions: vectors (k, 3) a tool may also come from, e.g. the axes of
            holes (scaled to unit length here); they count for reach and set-ups but are
            not reported by name.

    Raises:
        ValueError: an extra direction is zero or not finite.
    """
    surface = surface if surface is not None else surface_of(mesh)
    extra = np.asarray(extra_directions, dtype=np.float64).reshape(-1, 3)
    length = np.linalg.norm(extra, axis=1, keepdims=True)
    if not np.all(np.isfinite(length) & (length > 1e-9)):
        raise ValueError("extra_directions must be finite, non-zero vectors")
    extra = extra / length
    directions = np.vstack([np.asarray([AXIS_VECTORS[a] for a in SETUP_ORDER]), extra])
    labels = [*SETUP_ORDER, *(f"extra {k}" for k in range(len(extra)))]
    drawn = even_samples(mesh, surface, samples, seed)
    reached = reach_along(mesh, surface, drawn, directions)
    return SampledReach(reached, tuple(labels), drawn.area_each)


def machinability_of(sampled: SampledReach) -> Machinability:
    """Three-axis reach and set-ups from the samples' reach (`sampled_reach`)."""
    reach, labels = sampled.reached, list(sampled.labels)
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
    from_z = sampled.from_either_end("Z")
    share = reach.mean(axis=0)
    return Machinability(
        reachable_share=float(anywhere.mean()),
        unreachable_area_mm2=float(np.count_nonzero(~anywhere)) * sampled.area_each,
        z_only=bool(np.count_nonzero(anywhere & ~from_z) <= tolerance),
        setups=len(plan_setups(reach, labels, tolerance)),
        share_by_direction={
            label: float(share[SETUP_ORDER.index(label)]) for label in AXIS_VECTORS
        },
    )
