"""Acceptance on parts built with OpenCASCADE: volume, size, bodies, voids, walls."""

from __future__ import annotations

from pathlib import Path

import pytest

from geometry.analyze import analyze
from tests.cad.truth import PartTruth

PARTS = ["block", "hollow_box", "tube", "plate_with_holes", "two_blocks", "sphere", "bracket"]
VOLUME_TOLERANCE = {"stl": 0.002, "step": 0.005}


@pytest.mark.parametrize("fmt", ["stl", "step"])
@pytest.mark.parametrize("name", PARTS)
def test_reference_part_measures_as_designed(
    cad_parts: tuple[Path, dict[str, PartTruth]], name: str, fmt: str
) -> None:
    folder, truth = cad_parts
    facts = truth[name]
    path = folder / f"{name}.{fmt}"
    report = analyze(path.read_bytes(), path.name)
    assert report.volume_mm3 == pytest.approx(facts["volume"], rel=VOLUME_TOLERANCE[fmt])
    assert report.bbox_mm == pytest.approx(tuple(facts["bbox"]), abs=0.01)
    assert report.bodies == facts["bodies"]
    assert report.voids == facts["voids"]
    assert report.watertight
    if "void_volume" in facts:
        assert report.void_volume_mm3 == pytest.approx(
            facts["void_volume"], rel=VOLUME_TOLERANCE[fmt]
        )
    if facts["wall"] <= 5:
        assert report.min_wall_mm == pytest.approx(facts["wall"], rel=0.10)


@pytest.mark.parametrize("name", PARTS)
def test_the_same_part_in_stl_and_step_gives_the_same_numbers(
    cad_parts: tuple[Path, dict[str, PartTruth]], name: str
) -> None:
    folder, _ = cad_parts
    stl = analyze((folder / f"{name}.stl").read_bytes(), f"{name}.stl")
    step = analyze((folder / f"{name}.step").read_bytes(), f"{name}.step")
    assert step.volume_mm3 == pytest.approx(stl.volume_mm3, rel=0.005)
    assert step.bbox_mm == pytest.approx(stl.bbox_mm, abs=0.01)
    assert (step.bodies, step.voids) == (stl.bodies, stl.voids)
