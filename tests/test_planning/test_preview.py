"""The build preview: a PNG of the nested boxes, one colour per part, drawn only when asked."""

from __future__ import annotations

import itertools
import struct

import numpy as np

from planning.nesting import BuildVolume, NestPart, nest
from planning.preview import box_faces, build_preview, preview_figure
from tests.imports import loaded_after_import

VOLUME = BuildVolume(x_mm=200, y_mm=150, z_mm=300)
PARTS = [
    NestPart(id="order-1/lid", bbox_mm=(60, 40, 10), quantity=3),
    NestPart(id="order-2/knob", bbox_mm=(20, 20, 30), quantity=2),
]


def test_the_preview_is_a_png_legible_in_the_console() -> None:
    [build] = nest(VOLUME, 3, PARTS).builds
    png = build_preview(build, VOLUME)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 800 and height >= 800


def test_copies_of_a_part_share_a_colour_and_parts_differ() -> None:
    [build] = nest(VOLUME, 3, PARTS).builds
    (axes,) = preview_figure(build, VOLUME).axes
    (boxes,) = axes.collections
    colours = np.asarray(boxes.get_facecolor())
    assert len(colours) == 6 * len(build.placements)
    by_part: dict[str, set[tuple[float, ...]]] = {}
    for index, placement in enumerate(build.placements):
        by_part.setdefault(placement.part_id, set()).add(
            tuple(float(c) for c in colours[6 * index])
        )
    assert all(len(seen) == 1 for seen in by_part.values())
    assert by_part["order-1/lid"] != by_part["order-2/knob"]


def test_a_box_has_six_faces_each_flat_on_its_own_side() -> None:
    faces = box_faces((1.0, 2.0, 3.0), (10.0, 20.0, 30.0))
    corners = {corner for face in faces for corner in face}
    assert corners == set(itertools.product((1.0, 11.0), (2.0, 22.0), (3.0, 33.0)))
    sides = set()
    for face in faces:
        points = np.array(face)
        [flat] = [axis for axis in range(3) if np.ptp(points[:, axis]) == 0]
        sides.add((flat, points[0, flat]))
    assert len(sides) == 6


def test_importing_the_nesting_does_not_import_matplotlib() -> None:
    assert "matplotlib" not in loaded_after_import("planning.nesting")
