"""Overhang and support volume against parts whose supports are known exactly."""

from __future__ import annotations

import math

import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.printability import best_orientation, orientations, overhang
from geometry.report import Axis, Orientation
from geometry.thickness import AXIS_VECTORS

from . import shapes


@pytest.mark.parametrize("direction", list(AXIS_VECTORS))
def test_a_cube_never_overhangs(direction: Axis) -> None:
    assert overhang(shapes.cube(), direction) == (0.0, 0.0)


def test_mushroom_overhang_is_the_cap_underside_outside_the_stem() -> None:
    area, support = overhang(shapes.t_shape(cap=40.0, stem=10.0, stem_height=20.0), "+Z")
    assert area == pytest.approx(40.0**2 - 10.0**2, rel=1e-6)
    assert support == pytest.approx((40.0**2 - 10.0**2) * 20.0, rel=0.01)


def test_mushroom_upside_down_rests_on_its_cap_and_needs_nothing() -> None:
    assert overhang(shapes.t_shape(), "-Z") == (0.0, 0.0)


def test_mushroom_on_its_side_supports_the_stem_face_down_to_the_plate() -> None:
    # Built along +Y the cap's -Y edge face rests on the plate; the only other face
    # looking down is the stem's -Y face (10 x 20), 15 mm above the plate.
    area, support = overhang(shapes.t_shape(cap=40.0, cap_height=5.0, stem=10.0), "+Y")
    assert area == pytest.approx(10.0 * 20.0, rel=1e-6)
    assert support == pytest.approx(10.0 * 20.0 * 15.0, rel=0.01)


def test_sphere_overhangs_below_45_degrees_from_its_bottom() -> None:
    radius = 20.0
    area, support = overhang(shapes.sphere(radius=radius), "+Z")
    # The cap within 45° of the bottom pole, and the volume between it and the plate.
    cap = 2 * math.pi * radius**2 * (1 - math.cos(math.pi / 4))
    c = math.cos(math.pi / 4)
    column = 2 * math.pi * radius**3 * (0.5 * (1 - c**2) + (c**3 - 1) / 3)
    assert area == pytest.approx(cap, rel=0.03)
    assert support == pytest.approx(column, rel=0.03)


def test_with_a_90_degree_limit_the_whole_lower_hemisphere_overhangs() -> None:
    radius = 20.0
    area, support = overhang(shapes.sphere(radius=radius), "+Z", angle_deg=90.0)
    assert area == pytest.approx(2 * math.pi * radius**2, rel=0.01)
    assert support == pytest.approx(math.pi * radius**3 / 3, rel=0.02)  # cylinder minus bowl


def test_upside_down_bracket_is_best_laid_flat_on_its_top_leg() -> None:
    found = orientations(shapes.l_bracket_upside_down(leg=40.0, width=30.0, thickness=5.0))
    by_direction = {o.direction: o for o in found}
    # As modelled (+Z) the 35 x 30 top leg hangs 35 mm above the plate.
    assert by_direction["+Z"].overhang_area_mm2 == pytest.approx(35.0 * 30.0, rel=1e-6)
    assert by_direction["+Z"].support_volume_mm3 == pytest.approx(35.0 * 30.0 * 35.0, rel=0.01)
    best = best_orientation(found)
    assert best == "-Z"  # first of the zero-support directions in preference order
    assert by_direction[best].support_volume_mm3 == 0.0


def test_orientations_cover_the_six_axes_in_order() -> None:
    assert [o.direction for o in orientations(shapes.cube())] == list(AXIS_VECTORS)


def test_a_cube_prefers_to_be_built_as_modelled() -> None:
    assert best_orientation(orientations(shapes.cube())) == "+Z"


def test_near_equal_supports_tie_and_fall_back_to_less_overhang() -> None:
    found = [
        Orientation(direction="+Z", overhang_area_mm2=500.0, support_volume_mm3=1000.0),
        Orientation(direction="+X", overhang_area_mm2=300.0, support_volume_mm3=1010.0),
        Orientation(direction="-Y", overhang_area_mm2=100.0, support_volume_mm3=5000.0),
    ]
    assert best_orientation(found) == "+X"


def test_open_mesh_still_returns_numbers() -> None:
    mushroom = shapes.t_shape()
    opened = trimesh.Trimesh(mushroom.vertices, mushroom.faces[:-4], process=False)
    for o in orientations(opened):
        assert math.isfinite(o.overhang_area_mm2)
        assert math.isfinite(o.support_volume_mm3)


@settings(max_examples=12, deadline=None)
@given(
    quarter_turns=st.integers(0, 3),
    shift=st.tuples(*[st.floats(-500.0, 500.0) for _ in range(3)]),
)
def test_turning_about_z_and_moving_leaves_the_support_unchanged(
    quarter_turns: int, shift: tuple[float, float, float]
) -> None:
    motion = shapes.quarter_turns_about_z(quarter_turns, shift)
    area, support = overhang(shapes.moved(shapes.t_shape(), motion), "+Z")
    assert area == pytest.approx(1500.0, rel=1e-4)
    assert support == pytest.approx(30000.0, rel=0.01)
