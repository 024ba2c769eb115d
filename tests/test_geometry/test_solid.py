"""Volume, bodies and voids are right even where the file's winding is wrong."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from geometry.analyze import analyze
from geometry.arrays import corner_columns
from geometry.solid import build_solid
from tests.test_geometry.files import binary_stl
from tests.test_geometry.shapes import cube, hollow_box, joined

HOLLOW_VOLUME = 40.0**3 - 36.0**3
VOID_VOLUME = 36.0**3


def inverted(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    return trimesh.Trimesh(mesh.vertices, np.asarray(mesh.faces)[:, ::-1], process=False)


def shells_wound_alike(outer: float = 40.0, wall: float = 2.0) -> trimesh.Trimesh:
    """Two nested boxes both wound outward, as many exporters write a hollow part."""
    big = trimesh.creation.box(extents=(outer,) * 3)
    small = trimesh.creation.box(extents=(outer - 2 * wall,) * 3)
    return joined([big, small])


def test_an_inside_out_file_still_has_positive_volume() -> None:
    report = analyze(binary_stl(inverted(cube(20.0))), "part.stl")
    assert report.volume_mm3 == pytest.approx(8000.0)
    assert "flipped_inverted_shells" in report.repairs


def test_a_void_wound_like_its_outer_shell_subtracts() -> None:
    report = analyze(binary_stl(shells_wound_alike()), "part.stl")
    assert report.volume_mm3 == pytest.approx(HOLLOW_VOLUME)
    assert report.bodies == 1
    assert report.voids == 1
    assert report.void_volume_mm3 == pytest.approx(VOID_VOLUME)
    assert "oriented_voids" in report.repairs


@pytest.mark.parametrize(
    "mesh",
    [shells_wound_alike(), inverted(hollow_box()), cube(20.0)],
    ids=["void", "inverted", "clean"],
)
def test_the_solids_corner_coordinates_follow_its_faces_after_reorienting(
    mesh: trimesh.Trimesh,
) -> None:
    # The volumes are worked out before any shell is turned round; the normals later
    # read the same gathered corners, which must then be those of the turned faces.
    solid = build_solid(np.asarray(mesh.triangles))
    assert solid.corners is not None
    assert np.array_equal(solid.corners, corner_columns(solid.vertices, solid.faces))
    for axis in range(3):
        assert np.array_equal(solid.corners[axis].T, solid.vertices[solid.faces, axis])


def test_a_fully_inverted_hollow_part_is_corrected() -> None:
    report = analyze(binary_stl(inverted(hollow_box())), "part.stl")
    assert report.volume_mm3 == pytest.approx(HOLLOW_VOLUME, rel=1e-6)
    assert report.voids == 1


def test_a_solid_inside_a_void_is_a_second_body() -> None:
    outer = shells_wound_alike(40.0, 2.0)
    core = trimesh.creation.box(extents=(10.0, 10.0, 10.0))
    report = analyze(binary_stl(joined([outer, core])), "part.stl")
    assert report.bodies == 2
    assert report.voids == 1
    assert report.volume_mm3 == pytest.approx(HOLLOW_VOLUME + 1000.0)


def test_separate_solids_are_counted_as_bodies() -> None:
    parts = [
        trimesh.creation.box(extents=(5, 5, 5)).apply_translation((15 * i, 0, 0)) for i in range(3)
    ]
    report = analyze(binary_stl(joined(parts)), "part.stl")
    assert report.bodies == 3
    assert report.voids == 0
    assert report.volume_mm3 == pytest.approx(375.0)


def test_randomly_flipped_faces_are_rewound_consistently() -> None:
    mesh = trimesh.creation.icosphere(subdivisions=3, radius=10.0)
    faces = np.asarray(mesh.faces).copy()
    flip = np.random.default_rng(3).random(len(faces)) < 0.4
    faces[flip] = faces[flip][:, ::-1]
    report = analyze(binary_stl(trimesh.Trimesh(mesh.vertices, faces, process=False)), "ball.stl")
    assert report.volume_mm3 == pytest.approx(mesh.volume, rel=1e-6)
    assert report.winding_consistent is False
    assert "fixed_winding" in report.repairs
    assert report.watertight


def test_a_missing_triangle_is_filled_and_reported() -> None:
    mesh = trimesh.creation.icosphere(subdivisions=2, radius=10.0)
    holed = trimesh.Trimesh(mesh.vertices, np.asarray(mesh.faces)[1:], process=False)
    report = analyze(binary_stl(holed), "ball.stl")
    assert report.watertight
    assert "filled_holes" in report.repairs
    assert report.volume_mm3 == pytest.approx(mesh.volume, rel=1e-6)


def test_a_large_opening_is_reported_not_patched() -> None:
    mesh = trimesh.creation.icosphere(subdivisions=3, radius=10.0)
    keep = mesh.triangles_center[:, 2] < 8.0  # cut the cap off
    report = analyze(binary_stl(trimesh.Trimesh(mesh.vertices, mesh.faces[keep])), "cup.stl")
    assert not report.watertight
    assert "open_mesh" in {w.code for w in report.warnings}


def test_welding_turns_separate_triangles_into_one_closed_shell() -> None:
    solid = build_solid(np.asarray(cube(10.0).triangles))
    assert len(solid.vertices) == 8
    assert solid.watertight
    assert [s.closed for s in solid.shells] == [True]


def test_build_and_pull_directions_can_be_chosen() -> None:
    from geometry.analyze import Directions
    from tests.test_geometry.shapes import t_shape

    data = binary_stl(t_shape())
    upright = analyze(data, "t.stl")
    flipped = analyze(data, "t.stl", directions=Directions(build="-Z", pull="+X"))
    assert upright.build_direction == "+Z" and flipped.build_direction == "-Z"
    assert upright.support_volume_mm3 > 0
    assert flipped.support_volume_mm3 != upright.support_volume_mm3
    assert flipped.pull_direction == "+X"
    assert flipped.best_orientation == upright.best_orientation


def test_thin_wall_thresholds_can_be_chosen() -> None:
    from geometry.analyze import Directions

    report = analyze(
        binary_stl(hollow_box(40.0, 2.0)),
        "box.stl",
        directions=Directions(thin_wall_thresholds_mm=(1.0, 3.0)),
    )
    below = {t.threshold_mm: t.area_mm2 for t in report.thin_wall_areas}
    assert below[1.0] == 0.0
    assert below[3.0] > 0.5 * report.area_mm2
