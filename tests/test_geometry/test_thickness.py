"""Wall thickness against parts whose walls are known exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st

from geometry.thickness import WallThickness, surface_of, wall_thickness

from . import shapes


def thin_area(result: WallThickness, threshold: float) -> float:
    """The reported area thinner than `threshold` mm."""
    return next(t.area_mm2 for t in result.thin_areas if t.threshold_mm == threshold)


def test_hollow_box_minimum_wall_is_its_2mm_wall() -> None:
    result = wall_thickness(shapes.hollow_box(outer=40.0, wall=2.0))
    assert result.min_wall_mm == pytest.approx(2.0, rel=0.02)
    assert result.measured_share == 1.0


def test_hollow_box_thin_area_is_every_face_but_the_outer_edge_bands() -> None:
    # Inner faces measure 2 mm everywhere; outer faces too, except within 2 mm of an
    # edge, where the inward ray runs down the side wall instead.
    result = wall_thickness(shapes.hollow_box(outer=40.0, wall=2.0), thresholds=(1.5, 2.5))
    assert thin_area(result, 1.5) == 0.0
    assert thin_area(result, 2.5) == pytest.approx(6 * 36**2 + 6 * 36**2, rel=0.03)


def test_tube_wall_is_outer_minus_inner_radius() -> None:
    result = wall_thickness(shapes.tube(outer_r=10.0, inner_r=8.0, length=30.0), thresholds=(2.5,))
    assert result.min_wall_mm == pytest.approx(2.0, rel=0.02)
    lateral = (shapes.polygon_perimeter(10.0) + shapes.polygon_perimeter(8.0)) * 30.0
    assert thin_area(result, 2.5) == pytest.approx(lateral, rel=0.03)


def test_plate_with_holes_minimum_wall_is_the_plate_thickness() -> None:
    result = wall_thickness(shapes.plate_with_holes(thickness=3.0))
    assert result.min_wall_mm == pytest.approx(3.0, rel=0.02)
    assert all(t.area_mm2 == 0.0 for t in result.thin_areas)  # default thresholds stop at 2 mm


def test_solid_sphere_wall_is_its_diameter() -> None:
    result = wall_thickness(shapes.sphere(radius=20.0))
    assert result.min_wall_mm == pytest.approx(40.0, rel=0.01)


def test_same_seed_gives_the_same_answer() -> None:
    mesh = shapes.tube()
    assert wall_thickness(mesh, seed=3) == wall_thickness(mesh, seed=3)


def test_a_precomputed_surface_gives_the_same_answer() -> None:
    mesh = shapes.hollow_box()
    assert wall_thickness(mesh, surface=surface_of(mesh)) == wall_thickness(mesh)


def test_open_mesh_still_returns_numbers_with_a_low_measured_share() -> None:
    box = shapes.hollow_box()
    outer_top = np.flatnonzero(
        (box.vertices[box.faces][:, :, 2] > 39.9).all(axis=1)
    )  # remove the outer lid
    keep = np.setdiff1d(np.arange(len(box.faces)), outer_top)
    opened = trimesh.Trimesh(box.vertices, box.faces[keep], process=False)
    result = wall_thickness(opened)
    assert result.min_wall_mm is not None
    assert math.isfinite(result.min_wall_mm)
    assert result.measured_share < 1.0


def test_empty_mesh_has_no_minimum_wall() -> None:
    empty = trimesh.Trimesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64), process=False)
    result = wall_thickness(empty)
    assert result.min_wall_mm is None
    assert result.measured_share == 0.0


@settings(max_examples=15, deadline=None)
@given(
    quaternion=st.tuples(*[st.floats(-1.0, 1.0) for _ in range(4)]).filter(
        lambda q: sum(c * c for c in q) > 0.01
    ),
    shift=st.tuples(*[st.floats(-500.0, 500.0) for _ in range(3)]),
)
def test_any_rigid_motion_leaves_the_wall_thickness_unchanged(
    quaternion: tuple[float, float, float, float], shift: tuple[float, float, float]
) -> None:
    motion = shapes.rigid_motion(quaternion, shift)
    result = wall_thickness(shapes.moved(shapes.hollow_box(), motion), samples=5000)
    assert result.min_wall_mm == pytest.approx(2.0, rel=0.02)
