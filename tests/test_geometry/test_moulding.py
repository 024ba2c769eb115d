"""Undercut area for a straight-pull mould against parts with known undercuts."""

from __future__ import annotations

import math

import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.moulding import undercut_area
from geometry.report import Axis
from geometry.thickness import AXIS_VECTORS

from . import shapes


@pytest.mark.parametrize("pull", list(AXIS_VECTORS))
def test_a_cube_has_no_undercut(pull: Axis) -> None:
    assert undercut_area(shapes.cube(), pull) == 0.0


def test_a_side_hole_is_all_undercut_when_pulled_along_z() -> None:
    hole_wall = shapes.polygon_perimeter(4.0) * 30.0
    assert undercut_area(shapes.box_with_side_hole(edge=30.0, radius=4.0), "+Z") == pytest.approx(
        hole_wall, rel=0.03
    )


def test_a_side_hole_releases_when_pulled_along_its_own_axis() -> None:
    assert undercut_area(shapes.box_with_side_hole(), "+X") == 0.0


def test_a_mushroom_releases_along_z_with_the_parting_line_at_the_cap_rim() -> None:
    # The cap's underside leaves downwards beside the stem and the stem's walls are
    # parallel to the pull: no fixed parting plane is assumed, so nothing is stuck.
    assert undercut_area(shapes.t_shape(), "+Z") == 0.0


def test_a_mushroom_also_releases_sideways() -> None:
    # Pulled along X every face either faces ±X or is parallel to X with one way out;
    # a mushroom is no undercut either way (the spool below is the sideways-free case
    # that does have one along Z).
    assert undercut_area(shapes.t_shape(), "+X") == 0.0


def test_a_spool_traps_the_faces_between_its_flanges_when_pulled_along_z() -> None:
    flange, core, gap = 30.0, 10.0, 12.0
    between = 2 * (flange**2 - core**2) + 4 * core * gap
    result = undercut_area(shapes.spool(flange=flange, core=core, gap=gap), "+Z")
    assert result == pytest.approx(between, rel=0.03)


def test_a_spool_releases_when_pulled_across_its_axis() -> None:
    assert undercut_area(shapes.spool(), "+X") == 0.0


def test_the_sign_of_the_pull_does_not_matter() -> None:
    spool = shapes.spool()
    assert undercut_area(spool, "-Z") == pytest.approx(undercut_area(spool, "+Z"), rel=0.03)


def test_open_mesh_still_returns_a_number() -> None:
    spool = shapes.spool()
    opened = trimesh.Trimesh(spool.vertices, spool.faces[:-6], process=False)
    assert math.isfinite(undercut_area(opened, "+Z"))


@settings(max_examples=12, deadline=None)
@given(
    quarter_turns=st.integers(0, 3),
    shift=st.tuples(*[st.floats(-500.0, 500.0) for _ in range(3)]),
)
def test_turning_about_the_pull_and_moving_leaves_the_undercut_unchanged(
    quarter_turns: int, shift: tuple[float, float, float]
) -> None:
    motion = shapes.quarter_turns_about_z(quarter_turns, shift)
    result = undercut_area(shapes.moved(shapes.spool(), motion), "+Z")
    assert result == pytest.approx(2 * (30.0**2 - 10.0**2) + 4 * 10.0 * 12.0, rel=0.03)
