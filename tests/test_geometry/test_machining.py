"""Three-axis CNC reach against parts whose reachable faces are known."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st
from manifold3d import CrossSection, Manifold

from geometry.machining import SETUP_ORDER, machinability, plan_setups

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


def cross_drilled_regions() -> np.ndarray:
    """Reach (n, 6) of a 40×30×20 block drilled along Z and across along X, a row per cm².

    Each face is reached end-on from the direction it faces and by the flank from the
    four directions parallel to it; each bore only along its own axis.
    """
    reached_from = {
        "top": ("+Z", "+X", "-X", "+Y", "-Y"),
        "bottom": ("-Z", "+X", "-X", "+Y", "-Y"),
        "+x end": ("+X", "+Z", "-Z", "+Y", "-Y"),
        "-x end": ("-X", "+Z", "-Z", "+Y", "-Y"),
        "+y side": ("+Y", "+Z", "-Z", "+X", "-X"),
        "-y side": ("-Y", "+Z", "-Z", "+X", "-X"),
        "z bore": ("+Z", "-Z"),
        "x bore": ("+X", "-X"),
    }
    area_cm2 = {"top": 12, "bottom": 12, "+x end": 6, "-x end": 6}
    area_cm2 |= {"+y side": 8, "-y side": 8, "z bore": 6, "x bore": 10}
    rows = [
        [label in reached_from[region] for label in SETUP_ORDER]
        for region, area in area_cm2.items()
        for _ in range(area)
    ]
    return np.asarray(rows, dtype=bool)


def test_a_cross_drilled_block_takes_three_setups_not_two_flank_tricks() -> None:
    reach = cross_drilled_regions()
    # +X and +Z do see everything, but only by milling the bottom with the side of a
    # cutter from +X (and the -X end from +Z): a shop faces top and bottom, then drills
    # the cross hole from the side.
    two = [SETUP_ORDER.index("+X"), SETUP_ORDER.index("+Z")]
    assert reach[:, two].any(axis=1).all()
    plan = plan_setups(reach, SETUP_ORDER, tolerance=0)
    assert len(plan) == 3
    first, second = plan[0], plan[1]
    assert first[1] == second[1] and first[0] != second[0]  # a primary pair: +A and -A


def test_a_flat_face_beside_a_mild_chamfer_stays_a_wall_however_coarse() -> None:
    # A 40 × 20 profile with a 30° chamfer, extruded 30 mm (along -Y): the top face meets
    # the chamfer at 30°, within the smoothing angle. Meshed with a few big triangles the
    # smoothing would tilt the whole top face towards the chamfer and turn it away from
    # -X, where it is a wall; finely meshed it stays a wall.
    profile = CrossSection([[(0.0, 0.0), (40.0, 0.0), (40.0, 12.0), (26.14, 20.0), (0.0, 20.0)]])
    solid = Manifold.extrude(profile, 30.0)

    def standing(part: Manifold) -> trimesh.Trimesh:  # turned 90° about X: extruded along -Y
        mesh = part.to_mesh()
        x, y, z = (mesh.vert_properties[:, k] for k in range(3))
        return trimesh.Trimesh(np.column_stack([x, -z, y]), mesh.tri_verts)

    coarse, fine = standing(solid), standing(solid.refine_to_length(2.0))
    assert len(coarse.faces) < 20 and len(fine.faces) > 1000
    few, many = machinability(coarse), machinability(fine)
    for axis, share in many.share_by_direction.items():
        assert few.share_by_direction[axis] == pytest.approx(share, abs=0.01), axis
    # From -X: all but the +X end and the chamfer (facing +X) are walls or face -X.
    end_and_chamfer = (12.0 + math.hypot(13.86, 8.0)) * 30.0
    assert few.share_by_direction["-X"] == pytest.approx(
        1 - end_and_chamfer / coarse.area, abs=0.01
    )


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


@pytest.mark.parametrize("bad", [(0.0, 0.0, 0.0), (math.nan, 0.0, 1.0)])
def test_an_extra_direction_must_be_a_direction(bad: tuple[float, float, float]) -> None:
    with pytest.raises(ValueError, match="extra_directions"):
        machinability(shapes.cube(), extra_directions=[(0.0, 0.0, 1.0), bad])


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
