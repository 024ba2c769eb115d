"""The same part sent in every format measures the same once units are resolved."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import trimesh

from geometry.analyze import analyze
from tests.test_geometry.files import ascii_stl, binary_stl, export
from tests.test_geometry.shapes import hollow_box, plate_with_holes


def encodings(mesh: trimesh.Trimesh) -> dict[str, tuple[bytes, str]]:
    """(bytes, file name) per format; glTF is written in metres, as its spec says."""
    in_metres = mesh.copy()
    in_metres.apply_transform(np.diag([0.001, 0.001, 0.001, 1.0]))
    return {
        "binary stl": (binary_stl(mesh), "part.stl"),
        "ascii stl": (ascii_stl(mesh), "part.stl"),
        "obj": (export(mesh, "obj"), "part.obj"),
        "ply": (export(mesh, "ply"), "part.ply"),
        "3mf": (export(mesh, "3mf"), "part.3mf"),
        "glb": (export(in_metres, "glb"), "part.glb"),
    }


@pytest.mark.parametrize("build", [hollow_box, plate_with_holes])
def test_every_format_gives_the_same_numbers(build: Callable[[], trimesh.Trimesh]) -> None:
    mesh = build()
    reports = {name: analyze(data, filename) for name, (data, filename) in encodings(mesh).items()}
    reference = reports["binary stl"]
    for name, report in reports.items():
        assert report.volume_mm3 == pytest.approx(reference.volume_mm3, rel=1e-5), name
        assert report.area_mm2 == pytest.approx(reference.area_mm2, rel=1e-5), name
        assert report.bbox_mm == pytest.approx(reference.bbox_mm, abs=0.01), name
        assert (report.bodies, report.voids, report.watertight) == (
            reference.bodies,
            reference.voids,
            reference.watertight,
        ), name
        assert report.min_wall_mm == pytest.approx(reference.min_wall_mm, rel=0.02), name
    assert reports["glb"].units == "m"
