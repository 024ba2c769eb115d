"""The size written on a thumbnail is in the unit the customer confirmed."""

from __future__ import annotations

import numpy as np
import trimesh

from geometry.render import _dimensions_text, render_thumbnail


def test_the_size_is_written_in_inches_for_a_part_drawn_in_inches() -> None:
    extents = np.array([127.0, 63.5, 34.925])  # a 5 x 2.5 x 1.375 inch part, measured in mm
    assert _dimensions_text(extents, "inch") == "5 x 2.5 x 1.38 in"
    assert _dimensions_text(extents, "mm") == "127 x 63.5 x 34.9 mm"
    assert _dimensions_text(np.array([120.0, 80.0, 5.0]), "m") == "0.12 x 0.08 x 0.005 m"


def test_a_thumbnail_in_inches_differs_from_the_one_in_mm() -> None:
    box = trimesh.creation.box(extents=(127.0, 63.5, 34.925))
    assert render_thumbnail(box, 128, units="inch") != render_thumbnail(box, 128)
    assert render_thumbnail(box, 128, units="mm") == render_thumbnail(box, 128)
