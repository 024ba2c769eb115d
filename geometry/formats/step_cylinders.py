"""The exact cylinders of a STEP file's B-rep, read straight from its text.

OpenCASCADE (cascadio) hands back only triangles; the file itself states every
cylindrical face exactly:

    #16 = CYLINDRICAL_SURFACE('NONE', #609, 0.125);
    #609 = AXIS2_PLACEMENT_3D('NONE', #610, #611, #612);
    #610 = CARTESIAN_POINT('NONE', (1.0, 2.0, 0.0));
    #611 = DIRECTION('NONE', (0.0, 0.0, 1.0));

The file is untrusted: every pattern has bounded repetitions (linear time, no
backtracking blow-up), nothing recurses, at most `MAX_CYLINDERS` are read, and
anything unexpected yields no cylinders (the mesh fit stands alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: More cylindrical faces than this is not a part a hole list helps with.
MAX_CYLINDERS = 20_000

_NUMBER = rb"([-+]?(?:\d{1,30}\.?\d{0,30}|\.\d{1,30})(?:[eE][-+]?\d{1,4})?)"
_ID = rb"#(\d{1,12})"
_NAME = rb"'[^']{0,256}'"
_CYLINDER = re.compile(
    _ID
    + rb"\s{0,64}=\s{0,64}CYLINDRICAL_SURFACE\s{0,64}\(\s{0,64}"
    + _NAME
    + rb"\s{0,64},\s{0,64}"
    + _ID
    + rb"\s{0,64},\s{0,64}"
    + _NUMBER
    + rb"\s{0,64}\)"
)
_PLACEMENT = re.compile(
    _ID
    + rb"\s{0,64}=\s{0,64}AXIS2_PLACEMENT_3D\s{0,64}\(\s{0,64}"
    + _NAME
    + rb"\s{0,64},\s{0,64}"
    + _ID
    + rb"\s{0,64},\s{0,64}"
    + _ID
)
_TRIPLE = (
    rb"\s{0,64}\(\s{0,64}"
    + _NAME
    + rb"\s{0,64},\s{0,64}\(\s{0,64}"
    + _NUMBER
    + rb"\s{0,64},\s{0,64}"
    + _NUMBER
    + rb"\s{0,64},\s{0,64}"
    + _NUMBER
    + rb"\s{0,64}\)"
)
_POINT = re.compile(_ID + rb"\s{0,64}=\s{0,64}CARTESIAN_POINT" + _TRIPLE)
_DIRECTION = re.compile(_ID + rb"\s{0,64}=\s{0,64}DIRECTION" + _TRIPLE)
_UNIT_CONTEXT = re.compile(
    rb"GLOBAL_UNIT_ASSIGNED_CONTEXT\s{0,64}\(\s{0,64}\(((?:\s{0,64}#\d{1,12}\s{0,64},?){1,8})\)"
)

#: Millimetres per length unit, by what its entity says.
_SI_PREFIX_MM = {b"$": 1000.0, b".MILLI.": 1.0, b".CENTI.": 10.0, b".MICRO.": 0.001}
_NAMED_UNIT_MM = {b"INCH": 25.4, b"FOOT": 304.8, b"MILLIMETRE": 1.0, b"METRE": 1000.0}
#: Tried in this order when the file names no length unit we understand.
FALLBACK_UNITS_MM = (1.0, 25.4, 1000.0)


@dataclass(frozen=True, slots=True)
class StepCylinders:
    """Cylindrical surfaces in the file's own length unit (infinite: no extent)."""

    points: NDArray[np.float64]  # (k, 3) a point on each axis
    directions: NDArray[np.float64]  # (k, 3) unit axis
    radii: NDArray[np.float64]  # (k,)
    units_mm: tuple[float, ...]  # millimetres per file unit: the declared one(s) first


def read_step_cylinders(data: bytes) -> StepCylinders | None:
    """The file's cylindrical surfaces, or None when there are none or they can't be read."""
    try:
        return _read(data)
    except (ValueError, OverflowError):  # a malformed number or reference: mesh only
        return None


def _read(data: bytes) -> StepCylinders | None:
    cylinders: list[tuple[int, float]] = []
    for match in _CYLINDER.finditer(data):
        cylinders.append((int(match.group(2)), float(match.group(3))))
        if len(cylinders) > MAX_CYLINDERS:
            return None
    if not cylinders:
        return None
    wanted = {placement for placement, _ in cylinders}
    placements = {
        int(m.group(1)): (int(m.group(2)), int(m.group(3)))
        for m in _PLACEMENT.finditer(data)
        if int(m.group(1)) in wanted
    }
    origins = {ids[0] for ids in placements.values()}
    axes = {ids[1] for ids in placements.values()}
    points = _triples(_POINT, data, origins)
    directions = _triples(_DIRECTION, data, axes)
    rows = []
    for placement, radius in cylinders:
        ids = placements.get(placement)
        if ids is None or ids[0] not in points or ids[1] not in directions:
            continue
        rows.append((*points[ids[0]], *directions[ids[1]], radius))
    if not rows:
        return None
    table = np.asarray(rows, dtype=np.float64)
    length = np.linalg.norm(table[:, 3:6], axis=1)
    good = np.isfinite(table).all(axis=1) & (length > 1e-12) & (table[:, 6] > 0)
    if not good.any():
        return None
    table, length = table[good], length[good]
    return StepCylinders(
        points=table[:, :3],
        directions=table[:, 3:6] / length[:, None],
        radii=table[:, 6],
        units_mm=_length_units_mm(data),
    )


def _triples(
    pattern: re.Pattern[bytes], data: bytes, wanted: set[int]
) -> dict[int, tuple[float, float, float]]:
    found: dict[int, tuple[float, float, float]] = {}
    for match in pattern.finditer(data):
        key = int(match.group(1))
        if key in wanted:
            found[key] = (float(match.group(2)), float(match.group(3)), float(match.group(4)))
    return found


def _length_units_mm(data: bytes) -> tuple[float, ...]:
    """Millimetres per unit of each length unit the file's contexts assign, then fallbacks."""
    declared: list[float] = []
    for context in _UNIT_CONTEXT.finditer(data):
        for unit_id in re.findall(rb"#(\d{1,12})", context.group(1)):
            entity = re.search(rb"#" + unit_id + rb"\s{0,64}=\s{0,64}([^;]{0,600});", data)
            scale = _unit_mm(entity.group(1)) if entity else None
            if scale is not None and scale not in declared:
                declared.append(scale)
    return tuple(declared) + tuple(u for u in FALLBACK_UNITS_MM if u not in declared)


def _unit_mm(entity: bytes) -> float | None:
    if b"LENGTH_UNIT" not in entity:
        return None
    named = re.search(rb"CONVERSION_BASED_UNIT\s{0,64}\(\s{0,64}'([A-Za-z]{1,20})'", entity)
    if named:
        return _NAMED_UNIT_MM.get(named.group(1).upper())
    si = re.search(
        rb"SI_UNIT\s{0,64}\(\s{0,64}(\$|\.[A-Z]{1,10}\.)\s{0,64},\s{0,64}\.METRE\.", entity
    )
    return _SI_PREFIX_MM.get(si.group(1)) if si else None
