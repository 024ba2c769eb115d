"""Holes found on parts drilled with OpenCASCADE, meshed coarse, fine, unstructured and as STEP."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import trimesh
from scipy.spatial.transform import Rotation

from geometry.analyze import analyze
from geometry.report import Hole, MeshReport, Units
from tests.cad.truth import HoleTruth
from tests.test_geometry.files import binary_stl

PARTS = [
    "tapped_plate",
    "tilted_plate",
    "deep_hole",
    "counterbored",
    "drill_point",
    "cross_drilled",
    "rounded_block",
    "tube",
    "side_drilled",
    "slotted_plate",
    "chamfered_hole",
    "large_plate",
    "grooved_bore",
    "face_groove",
    "t_junction",
    "thread_relief",
]
VARIANTS = ["coarse.stl", "fine.stl", "free.stl", "step"]
# Tessellators put vertices on the true cylinder, so the fit is good to micrometres.
DIAMETER_TOL_MM = 0.01
DEPTH_TOL_MM = 0.02

HoleParts = tuple[Path, dict[str, list[HoleTruth]]]


def analysed(folder: Path, name: str, variant: str) -> MeshReport:
    path = folder / f"{name}.{variant}"
    return analyze(path.read_bytes(), path.name)


def matches(hole: Hole, truth: HoleTruth) -> bool:
    axis_agreement = float(np.dot(hole.axis, truth["axis"]))
    if truth["through"]:
        axis_agreement = abs(axis_agreement)
    counterbore = (
        None
        if hole.counterbore is None
        else (hole.counterbore.diameter_mm, hole.counterbore.depth_mm)
    )
    return (
        abs(hole.diameter_mm - truth["diameter"]) <= DIAMETER_TOL_MM
        and abs(hole.depth_mm - truth["depth"]) <= DEPTH_TOL_MM
        and hole.through == truth["through"]
        and hole.count == truth["count"]
        and axis_agreement >= math.cos(math.radians(0.5))
        and (counterbore is None) == (truth["counterbore"] is None)
        and (
            counterbore is None
            or truth["counterbore"] is None
            or np.allclose(counterbore, truth["counterbore"], atol=DEPTH_TOL_MM)
        )
    )


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", PARTS)
def test_every_drilled_hole_is_found_with_its_size_depth_axis_and_kind(
    hole_parts: HoleParts, name: str, variant: str
) -> None:
    folder, truth = hole_parts
    report = analysed(folder, name, variant)
    assert len(report.holes) == len(truth[name]), report.holes
    for expected in truth[name]:
        assert any(matches(hole, expected) for hole in report.holes), (expected, report.holes)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", [n for n in PARTS if n != "tilted_plate"])
def test_a_hole_along_a_principal_axis_reads_exactly_that_axis(
    hole_parts: HoleParts, name: str, variant: str
) -> None:
    # A fit to coarse facets tilts an axis by a few 1e-4: the report names the axis itself.
    for found in analysed(hole_parts[0], name, variant).holes:
        assert sorted(abs(c) for c in found.axis) == [0.0, 0.0, 1.0], found


@pytest.mark.parametrize("variant", VARIANTS)
def test_tap_drill_holes_are_offered_as_threads_and_counted(
    hole_parts: HoleParts, variant: str
) -> None:
    report = analysed(hole_parts[0], "tapped_plate", variant)
    offered = {(t.thread, t.count) for t in report.thread_candidates}
    assert offered == {("M5", 4), ("M8", 1), ("M3", 2)}
    m5 = next(t for t in report.thread_candidates if t.thread == "M5")
    assert m5.diameter_mm == pytest.approx(4.2, abs=DIAMETER_TOL_MM)
    assert m5.tap_drill_mm == 4.2


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_blind_tap_drill_with_a_relief_at_its_floor_is_offered_a_thread(
    hole_parts: HoleParts, variant: str
) -> None:
    report = analysed(hole_parts[0], "thread_relief", variant)
    assert [(t.thread, t.count) for t in report.thread_candidates] == [("M10", 1)]


def test_a_counterbored_clearance_hole_is_one_hole_and_no_thread(hole_parts: HoleParts) -> None:
    report = analysed(hole_parts[0], "counterbored", "fine.stl")
    (hole,) = report.holes
    assert hole.counterbore is not None
    assert (hole.diameter_mm, hole.counterbore.diameter_mm) == pytest.approx((5.5, 10.0), abs=0.01)
    assert report.thread_candidates == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_deep_small_hole_is_warned_about_with_its_numbers(
    hole_parts: HoleParts, variant: str
) -> None:
    report = analysed(hole_parts[0], "deep_hole", variant)
    (warning,) = [w for w in report.warnings if w.code == "deep_hole"]
    assert "Ø2 mm" in warning.message
    assert "30 mm deep" in warning.message
    assert "15 ×" in warning.message


def test_ordinary_holes_get_no_deep_hole_warning(hole_parts: HoleParts) -> None:
    report = analysed(hole_parts[0], "tapped_plate", "coarse.stl")
    assert report.holes
    assert not [w for w in report.warnings if w.code == "deep_hole"]


@pytest.mark.parametrize("name", PARTS)
def test_step_holes_come_from_the_b_rep_and_stl_holes_from_the_mesh(
    hole_parts: HoleParts, name: str
) -> None:
    folder, _ = hole_parts
    assert analysed(folder, name, "step").holes_source == "step_brep"
    assert analysed(folder, name, "coarse.stl").holes_source == "mesh"


@pytest.mark.parametrize("rotation", [(0.3, -1.1, 0.4), (1.2, 1.2, 1.2), (0.0, math.pi / 2, 0.0)])
def test_holes_survive_any_rotation_of_the_part(
    hole_parts: HoleParts, rotation: tuple[float, float, float]
) -> None:
    folder, _ = hole_parts
    before = analysed(folder, "tapped_plate", "free.stl")
    plate = trimesh.load_mesh(folder / "tapped_plate.free.stl")
    turn = Rotation.from_rotvec(rotation).as_matrix()
    turned_plate = trimesh.Trimesh(np.asarray(plate.vertices) @ turn.T, plate.faces)
    after = analyze(binary_stl(turned_plate), "turned.stl")
    assert len(after.holes) == len(before.holes)
    for old, new in zip(before.holes, after.holes, strict=True):
        assert new.diameter_mm == pytest.approx(old.diameter_mm, abs=DIAMETER_TOL_MM)
        assert new.depth_mm == pytest.approx(old.depth_mm, abs=DEPTH_TOL_MM)
        assert (new.through, new.count) == (old.through, old.count)
        turned = turn @ np.asarray(old.axis)
        assert abs(float(np.dot(turned, new.axis))) == pytest.approx(1.0, abs=1e-4)


def test_hair_thin_facets_far_across_a_large_part_still_make_whole_holes(
    hole_parts: HoleParts,
) -> None:
    folder, truth = hole_parts
    report = analysed(folder, "large_plate", "finest.stl")
    (expected,) = truth["large_plate"]
    (hole,) = report.holes
    assert matches(hole, expected), hole


def test_no_threads_are_offered_while_the_unit_is_in_doubt(fixture_meshes: Path) -> None:
    # round.stl is drawn in inches; read as mm its bore happens to match a tap drill.
    report = analyze((fixture_meshes / "round.stl").read_bytes(), "round.stl")
    assert report.units_suspect == "inch"
    assert report.holes
    assert report.thread_candidates == []


def test_a_convex_part_has_no_holes() -> None:
    sphere = trimesh.creation.icosphere(subdivisions=4, radius=20.0)
    cylinder = trimesh.creation.cylinder(radius=10.0, height=30.0, sections=64)
    for mesh in (sphere, cylinder):
        assert analyze(binary_stl(mesh), "convex.stl").holes == []


def hole_kinds(report: MeshReport) -> list[tuple[float, float, bool, int, bool]]:
    """(diameter, depth, through, count, counterbored) per kind, rounded past mesh noise."""
    return sorted(
        (round(h.diameter_mm, 2), round(h.depth_mm, 1), h.through, h.count, bool(h.counterbore))
        for h in report.holes
    )


# The STL carries no unit; the part is drawn in inches (see the fixtures' README).
FEATURETYPE_UNITS: dict[str, Units | None] = {
    "featuretype.STEP": None,
    "featuretype.STL": "inch",
    "featuretype.3MF": None,
}


def test_featuretype_has_the_same_holes_as_step_stl_and_3mf(fixture_meshes: Path) -> None:
    reports = {
        name: analyze((fixture_meshes / name).read_bytes(), name, units=units)
        for name, units in FEATURETYPE_UNITS.items()
    }
    kinds = {name: hole_kinds(report) for name, report in reports.items()}
    step = kinds["featuretype.STEP"]
    assert step, "the part is drilled"
    assert all(found == step for found in kinds.values()), kinds
    assert reports["featuretype.STEP"].holes_source == "step_brep"
    for report in reports.values():
        assert_plausible(report)


def test_plate_holes_are_plausible(fixture_meshes: Path) -> None:
    report = analyze((fixture_meshes / "plate_holes.STL").read_bytes(), "plate_holes.STL")
    assert report.holes
    assert_plausible(report)


def assert_plausible(report: MeshReport) -> None:
    """Every hole fits inside the part and points along a unit axis."""
    diagonal = float(np.linalg.norm(report.bbox_mm))
    for hole in report.holes:
        assert 0 < hole.diameter_mm < min(report.bbox_mm) + max(report.bbox_mm)
        assert 0 < hole.depth_mm <= diagonal
        assert float(np.linalg.norm(hole.axis)) == pytest.approx(1.0, abs=1e-3)
        assert hole.count >= 1
        if hole.through:
            assert hole.depth_mm <= diagonal
