"""Guess the real unit of a unitless file (STL, OBJ, PLY) from its size.

Shops see three kinds of unitless exports: millimetres (most), inches
(US CAD defaults) and metres (some CAD and scanning tools). A part that is
implausibly small in millimetres is flagged, never silently rescaled: the
customer confirms the unit.
"""

from __future__ import annotations

from geometry.report import MM_PER_UNIT, Units

# Below this largest extent (mm) a part is smaller than a grain of rice: suspect.
SMALL_EXTENT_MM = 10.0
# Below this volume (mm^3, one cubic centimetre) a part is suspect too.
SMALL_VOLUME_MM3 = 1000.0
# A largest extent under this (mm) is read as metres rather than inches:
# in inches it would still be under 13 mm, in metres a real part.
METRES_BELOW_MM = 0.5
# Beyond this largest extent (mm) no small-batch process makes the part.
LARGEST_PLAUSIBLE_MM = 2500.0


def suspect_units(largest_extent_mm: float, volume_mm3: float | None) -> Units | None:
    """The unit the file was probably drawn in, or None when millimetres look right.

    Args:
        largest_extent_mm: the longest bounding-box side, read as millimetres.
        volume_mm3: enclosed volume read as mm^3, or None when unreliable (open mesh).
    """
    small = largest_extent_mm < SMALL_EXTENT_MM or (
        volume_mm3 is not None and volume_mm3 < SMALL_VOLUME_MM3
    )
    if not small:
        return None
    likely: Units = "m" if largest_extent_mm < METRES_BELOW_MM else "inch"
    if largest_extent_mm * MM_PER_UNIT[likely] > LARGEST_PLAUSIBLE_MM:
        return None
    return likely
