"""Every real customer-style file in ../shared/fixtures/meshes, checked against its README."""

from __future__ import annotations

from pathlib import Path

import pytest

from geometry import GeometryError, MeshReport, Units
from geometry.analyze import analyze
from tests.conftest import FIXTURE_MESHES

INCH3 = 25.4**3


def report_of(name: str, units: Units | None = None) -> MeshReport:
    """The report of one shared fixture file, read in place."""
    path = FIXTURE_MESHES / name
    return analyze(path.read_bytes(), path.name, units=units)


def codes(report: MeshReport) -> set[str]:
    return {w.code for w in report.warnings}


ALL_FILES = sorted(p.name for p in FIXTURE_MESHES.iterdir() if p.name != "README.md")


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_fixture_gives_a_report_or_a_typed_error(name: str) -> None:
    try:
        report = report_of(name)
    except GeometryError as error:
        assert error.code and error.message
        return
    assert report.faces > 0
    assert all(v > 0 for v in report.bbox_mm)


def test_featuretype_agrees_in_stl_step_and_3mf_once_units_are_resolved() -> None:
    stl = report_of("featuretype.STL", units="inch")
    step = report_of("featuretype.STEP")
    three_mf = report_of("featuretype.3MF")
    assert step.units == "m" and three_mf.units == "inch"
    for other in (step, three_mf):
        assert other.bbox_mm == pytest.approx(stl.bbox_mm, abs=0.01)
        assert other.volume_mm3 == pytest.approx(stl.volume_mm3, rel=0.005)
    assert stl.bbox_mm == pytest.approx((127.0, 63.5, 34.925), abs=0.01)
    assert stl.volume_mm3 == pytest.approx(11.6277 * INCH3, rel=1e-3)


def test_unitless_featuretype_is_flagged_as_inches() -> None:
    report = report_of("featuretype.STL")
    assert report.units == "mm" and report.units_source == "assumed"
    assert report.units_suspect == "inch"
    assert "units_suspect" in codes(report)


def test_the_calibration_cube_is_twenty_millimetres_and_not_questioned() -> None:
    report = report_of("20mm-xyz-cube.stl")
    assert report.bbox_mm == pytest.approx((20.0, 20.0, 20.0), abs=0.01)
    assert 7000 < report.volume_mm3 < 8000
    assert report.units_suspect is None
    assert report.watertight and report.bodies == 1


@pytest.mark.parametrize("name", ["ADIS16480.STL", "octagonal_pocket.stl"])
def test_parts_exported_in_metres_are_a_units_question(name: str) -> None:
    assert report_of(name).units_suspect == "m"


@pytest.mark.parametrize(
    "name", ["angle_block.STL", "idler_riser.STL", "round.stl", "torus.STL", "multibody.stl"]
)
def test_inch_scale_parts_are_a_units_question(name: str) -> None:
    assert report_of(name).units_suspect == "inch"


def test_confirming_inches_scales_the_part_and_clears_the_question() -> None:
    report = report_of("torus.STL", units="inch")
    assert report.units_source == "caller" and report.units_suspect is None
    assert max(report.bbox_mm) == pytest.approx(3.0 * 25.4, rel=1e-3)


@pytest.mark.parametrize(
    "name", ["1002_tray_bottom.STL", "plate_holes.STL", "counterX.3MF", "pyramids.3mf"]
)
def test_large_flat_millimetre_parts_are_not_questioned(name: str) -> None:
    report = report_of(name)
    assert report.units_suspect is None
    assert max(report.bbox_mm) > 200


def test_busted_export_is_measured_without_crashing() -> None:
    report = report_of("busted.STL")
    assert report.faces > 0 and report.volume_mm3 > 0


@pytest.mark.parametrize("name", ["teapot.stl", "soup.stl", "wallhole.obj"])
def test_open_surfaces_are_flagged_as_unreliable(name: str) -> None:
    report = report_of(name)
    assert not report.watertight
    assert "open_mesh" in codes(report)


def test_tube_obj_is_closed_once_its_duplicate_vertices_are_welded() -> None:
    # A naive trimesh.load keeps the OBJ's split vertices and calls it open;
    # welded, it is a closed annular pipe (genus 1) of the same volume.
    report = report_of("tube.obj")
    assert report.watertight and "merged_vertices" in report.repairs
    assert report.volume_mm3 == pytest.approx(8.6185, rel=1e-3)


@pytest.mark.parametrize("name", ["box_sides.STEP", "base_interface_AP214.STEP"])
def test_step_assemblies_load_as_watertight_solids_in_millimetres(name: str) -> None:
    report = report_of(name)
    assert report.format == "step" and report.units == "m"
    assert report.watertight
    assert max(report.bbox_mm) > 100


def test_box_sides_assembly_has_its_ten_solids() -> None:
    assert report_of("box_sides.STEP").bodies == 10


def test_multibody_stl_counts_two_bodies() -> None:
    assert report_of("multibody.stl").bodies == 2


def test_the_3mf_test_case_with_a_doubled_vertex_is_welded_into_a_tetrahedron() -> None:
    # The 3MF consortium case splits one corner into two coincident vertices
    # joined by zero-area faces; welded, it is a closed tetrahedron.
    report = report_of("P_XPM_0331_01.3mf")
    assert report.volume_mm3 == pytest.approx(100 * 100 / 2 * 100 / 3, rel=1e-6)
    assert "removed_degenerate_faces" in report.repairs


def test_fixture_folder_is_read_in_place() -> None:
    assert Path(FIXTURE_MESHES).is_dir()
