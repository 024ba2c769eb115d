"""Three-axis CNC reach against parts whose reachable faces are known."""

from __future__ import annotations

import math

import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st
from manifold3d import Manifold

from geometry.machining import machinability

from . import shapes


def test_every_face_of_a_cube_is_reachable_from_z_in_two_setups() -> None:
    result = machinability(shapes.cube())
    assert result.reachable_share == 1.0
    assert result.unreachable_area_mm2 == 0.0
    assert result.z_only
    assert result.setups == 2  # top and walls from +Z, the bottom from -Z
    # From any one axis: its own face plus the four walls parallel to it.
    for share in result.share_by_direction.values():
        assert share == pytest.approx(5 / 6, abs=0.02)


def test_a_blind_hole_from_the_top_is_cut_from_z_alone() -> None:
    result = machinability(shapes.box_with_blind_hole())
    assert result.reachable_share == 1.0
    assert result.z_only
    assert result.setups == 2


def test_a_side_hole_needs_a_side_setup() -> None:
    edge, radius = 30.0, 4.0
    part = shapes.box_with_side_hole(edge=edge, radius=radius)
    result = machinability(part)
    assert result.reachable_share == 1.0
    assert not result.z_only
    bore = shapes.polygon_perimeter(radius) * edge
    end_face = edge**2 - shapes.polygon_area(radius)
    # From +X everything but the -X face (the bore is parallel to X: the tool's side);
    # from +Z everything but the -Z face and the bore.
    assert result.share_by_direction["+X"] == pytest.approx(1 - end_face / part.area, abs=0.02)
    assert result.share_by_direction["+Z"] == pytest.approx(
        1 - (edge**2 + bore) / part.area, abs=0.02
    )
    assert result.setups == 2  # +X and -X reach it all


def test_a_sealed_void_is_unreachable() -> None:
    result = machinability(shapes.box_with_void(outer=30.0, void=10.0))
    assert result.unreachable_area_mm2 == pytest.approx(6 * 10.0**2, rel=0.05)
    assert result.reachable_share == pytest.approx(1 - 600 / (6 * 900 + 600), abs=0.01)


def test_the_inside_of_a_hollow_sphere_is_unreachable() -> None:
    outer, inner = 20.0, 16.0
    shell = shapes.hollow_sphere(outer_r=outer, inner_r=inner)
    inside = Manifold.sphere(inner, circular_segments=shapes.SEGMENTS).surface_area()
    result = machinability(shell)
    assert result.unreachable_area_mm2 == pytest.approx(inside, rel=0.03)


def test_open_mesh_still_returns_numbers() -> None:
    box = shapes.box_with_void()
    opened = trimesh.Trimesh(box.vertices, box.faces[:-3], process=False)
    result = machinability(opened)
    assert 0.0 <= result.reachable_share <= 1.0
    assert math.isfinite(result.unreachable_area_mm2)


@settings(max_examples=12, deadline=None)
@given(
    quarter_turns=st.integers(0, 3),
    shift=st.tuples(*[st.floats(-500.0, 500.0) for _ in range(3)]),
)
def test_turning_about_z_and_moving_keeps_the_side_hole_off_the_z_setups(
    quarter_turns: int, shift: tuple[float, float, float]
) -> None:
    motion = shapes.quarter_turns_about_z(quarter_turns, shift)
    result = machinability(shapes.moved(shapes.box_with_side_hole(), motion))
    assert result.reachable_share == 1.0
    assert not result.z_only
    bore_axis = "X" if quarter_turns % 2 == 0 else "Y"
    assert result.share_by_direction[f"+{bore_axis}"] > result.share_by_direction["+Z"] + 0.05
