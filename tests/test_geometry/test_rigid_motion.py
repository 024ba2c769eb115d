"""A part moved or turned rigidly measures the same: volume, area, walls, bodies."""

from __future__ import annotations

import numpy as np
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from geometry.analyze import analyze
from tests.test_geometry.files import binary_stl
from tests.test_geometry.shapes import hollow_box

BASE = hollow_box(40.0, 2.0)
BASE_REPORT = analyze(binary_stl(BASE), "base.stl")

rotations = st.lists(st.floats(-1.0, 1.0), min_size=4, max_size=4).filter(
    lambda q: float(np.linalg.norm(q)) > 0.1
)
offsets = st.lists(st.floats(-500.0, 500.0), min_size=3, max_size=3)


@settings(max_examples=15, deadline=None)
@given(quaternion=rotations, offset=offsets)
def test_rigid_motion_leaves_volume_area_and_wall_unchanged(
    quaternion: list[float], offset: list[float]
) -> None:
    matrix = np.eye(4)
    matrix[:3, :3] = Rotation.from_quat(quaternion).as_matrix()
    matrix[:3, 3] = offset
    moved = BASE.copy()
    moved.apply_transform(matrix)
    report = analyze(binary_stl(moved), "moved.stl")
    assert abs(report.volume_mm3 - BASE_REPORT.volume_mm3) <= 1e-4 * BASE_REPORT.volume_mm3
    assert abs(report.area_mm2 - BASE_REPORT.area_mm2) <= 1e-4 * BASE_REPORT.area_mm2
    assert report.min_wall_mm is not None and BASE_REPORT.min_wall_mm is not None
    assert abs(report.min_wall_mm - BASE_REPORT.min_wall_mm) <= 0.02 * BASE_REPORT.min_wall_mm
    assert (report.bodies, report.voids, report.watertight) == (1, 1, True)


def test_the_base_part_is_what_the_property_assumes() -> None:
    assert isinstance(BASE, trimesh.Trimesh)
    assert abs(BASE_REPORT.volume_mm3 - (40.0**3 - 36.0**3)) < 1e-6 * 40.0**3
