"""Assemblies of separate solids: counted by body, measured as their union, detailed per body."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
import trimesh

from geometry.analyze import analyze
from geometry.formats import read_triangles
from geometry.limits import DEFAULT_LIMITS
from geometry.report import MeshReport
from tests.cad.truth import AssemblyTruth

Assemblies = tuple[Path, dict[str, AssemblyTruth]]

# In STL a buried solid wound outward is read as a void: a mesh cannot tell it from a
# hollow part whose exporter wound the cavity like the outside (see test_solid).
IN_STEP = ["stacked", "boss_on_plate", "overlapping", "apart", "buried"]
IN_STL = ["stacked", "boss_on_plate", "overlapping", "apart"]
CASES = [(n, "step") for n in IN_STEP] + [(n, "stl") for n in IN_STL]


def measured(assemblies: Assemblies, name: str, fmt: str) -> tuple[MeshReport, AssemblyTruth]:
    folder, truth = assemblies
    path = folder / f"{name}.{fmt}"
    return analyze(path.read_bytes(), path.name), truth[name]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_each_solid_of_an_assembly_is_a_body(
    cad_assemblies: Assemblies, name: str, fmt: str
) -> None:
    report, truth = measured(cad_assemblies, name, fmt)
    assert report.bodies == truth["bodies"]
    assert report.voids == 0
    assert report.watertight


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_an_assembly_is_measured_as_the_union_of_its_bodies(
    cad_assemblies: Assemblies, name: str, fmt: str
) -> None:
    report, truth = measured(cad_assemblies, name, fmt)
    assert report.volume_mm3 == pytest.approx(truth["union_volume"], rel=0.002)


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_where_bodies_meet_is_inside_the_part_not_its_surface(
    cad_assemblies: Assemblies, name: str, fmt: str
) -> None:
    """Area, reach and undercut are of the union: a cutter need not reach a shared face."""
    report, truth = measured(cad_assemblies, name, fmt)
    assert report.area_mm2 == pytest.approx(truth["union_area"], rel=0.002)
    assert report.machinability.reachable_share == pytest.approx(1.0, abs=0.001)
    assert report.undercut_area_mm2 == pytest.approx(0.0, abs=1.0)


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_touching_bodies_are_warned_about_and_apart_ones_are_not(
    cad_assemblies: Assemblies, name: str, fmt: str
) -> None:
    report, truth = measured(cad_assemblies, name, fmt)
    codes = {w.code for w in report.warnings}
    assert ("touching_bodies" in codes) == truth["touching"]
    assert "multiple_bodies" in codes


@pytest.mark.parametrize("name", IN_STL)
def test_every_format_details_the_bodies_largest_first_in_one_order(
    cad_assemblies: Assemblies, name: str
) -> None:
    # The STEP's solids and the STL's shells come in the exporter's order; equal volumes
    # (two 1 000 mm³ blocks of different shapes) are told apart by their boxes.
    listed = {}
    for fmt in ("step", "stl"):
        report, _ = measured(cad_assemblies, name, fmt)
        listed[fmt] = [(b.volume_mm3, b.bbox_mm) for b in report.bodies_detail]
        volumes = [volume for volume, _ in listed[fmt]]
        assert all(a >= b * (1 - 1e-3) for a, b in itertools.pairwise(volumes)), (fmt, volumes)
    step, stl = listed["step"], listed["stl"]
    assert [box for _, box in stl] == [pytest.approx(box, abs=0.01) for _, box in step]
    assert [volume for volume, _ in stl] == pytest.approx([volume for volume, _ in step], rel=0.002)


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_every_body_is_detailed_on_its_own(cad_assemblies: Assemblies, name: str, fmt: str) -> None:
    report, truth = measured(cad_assemblies, name, fmt)
    detail = sorted(report.bodies_detail, key=lambda b: (round(b.volume_mm3), sorted(b.bbox_mm)))
    assert len(detail) == len(truth["detail"])
    for body, expected in zip(detail, truth["detail"], strict=True):
        assert body.volume_mm3 == pytest.approx(expected["volume"], rel=0.002)
        assert sorted(body.bbox_mm) == pytest.approx(expected["bbox"], abs=0.01)
        assert body.min_wall_mm is not None
        assert 0 < body.min_wall_mm <= min(expected["bbox"]) * 1.01


def test_two_stacked_step_solids_stay_two_bodies(cad_assemblies: Assemblies) -> None:
    """The issue's bug: solids touching face to face were welded into one."""
    report, _ = measured(cad_assemblies, "stacked", "step")
    assert report.bodies == 2
    assert [b.volume_mm3 for b in report.bodies_detail] == pytest.approx([4000.0, 4000.0])


def test_a_solid_buried_in_another_is_a_body_not_a_void(cad_assemblies: Assemblies) -> None:
    report, _ = measured(cad_assemblies, "buried", "step")
    assert (report.bodies, report.voids) == (2, 0)
    assert report.void_volume_mm3 == 0.0
    assert report.volume_mm3 == pytest.approx(27000.0, rel=0.002)


def test_two_stacked_stl_blocks_meshed_alike_stay_two_closed_bodies(
    cad_assemblies: Assemblies,
) -> None:
    """Welded, the shared face's edges have four faces; paired round the edge they split again."""
    report, _ = measured(cad_assemblies, "stacked", "stl")
    assert (report.bodies, report.watertight) == (2, True)
    assert report.needs_review == []


def test_touching_objects_of_a_3mf_stay_separate_bodies() -> None:
    lower = trimesh.creation.box(extents=(20.0, 20.0, 10.0))
    upper = trimesh.creation.box(extents=(20.0, 20.0, 10.0)).apply_translation((0, 0, 10.0))
    data = bytes(trimesh.Scene([lower, upper]).export(file_type="3mf"))  # type: ignore[no-untyped-call]
    raw = read_triangles(data, "3mf", DEFAULT_LIMITS)
    assert raw.body_ids is not None and len(np.unique(raw.body_ids)) == 2  # welded apart
    report = analyze(data, "pair.3mf")
    assert (report.bodies, report.watertight) == (2, True)
    assert report.volume_mm3 == pytest.approx(8000.0)
    assert "touching_bodies" in {w.code for w in report.warnings}
