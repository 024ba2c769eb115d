"""The fast paths of loading and ray casting give exactly what the plain ones give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import trimesh
from numpy.typing import NDArray

from geometry import analyze, rays, topology, weld
from geometry import solid as solid_module
from geometry.embree import PacketScene
from geometry.formats import read_triangles
from geometry.rays import RayScene
from geometry.topology import drop_degenerate
from geometry.weld import merge_vertices
from tests.test_geometry.files import binary_stl

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("high", [8, 2**20, 2**62])  # many ties, few ties, too wide to pack
def test_the_packed_sort_orders_like_a_stable_argsort(high: int) -> None:
    key = np.random.default_rng(1).integers(0, high, 50_000, dtype=np.int64)
    order, ordered = topology._sort_with_order(key)
    expected = np.argsort(key, kind="stable")
    assert np.array_equal(order, expected)
    assert np.array_equal(ordered, key[expected])


def test_each_welded_vertex_is_the_first_of_its_corners_in_file_order() -> None:
    # Every corner has near-twins within the weld grid; the vertex kept must be the
    # first in the file, as a stable sort would keep it, not an arbitrary twin.
    rng = np.random.default_rng(2)
    base = rng.uniform(0.0, 10.0, (2000, 3))
    picks = rng.integers(0, len(base), (6000, 3))
    jitter = rng.uniform(-1e-9, 1e-9, (6000, 3, 3))
    triangles = base[picks] + jitter
    vertices, faces = merge_vertices(triangles)
    corners = triangles.reshape(-1, 3)
    first_of_vertex = np.full(len(vertices), len(corners))
    np.minimum.at(first_of_vertex, faces.ravel(), np.arange(len(corners)))
    assert np.array_equal(vertices, corners[first_of_vertex])
    assert len(vertices) < 1.01 * len(
        np.unique(picks)
    )  # welded (a twin may sit across a cell edge)


def test_welded_vertices_are_numbered_in_the_order_the_file_first_uses_them() -> None:
    # Faces then read vertices near each other in memory, as they lie in the file.
    mesh = trimesh.creation.icosphere(subdivisions=4)
    triangles = np.asarray(mesh.triangles)[np.random.default_rng(5).permutation(len(mesh.faces))]
    vertices, faces = merge_vertices(triangles)
    used = faces.ravel()
    newest = np.maximum.accumulate(used)
    assert newest[0] == 0 and np.all(np.diff(newest) <= 1)  # each new vertex is the next number
    assert newest[-1] == len(vertices) - 1 == len(mesh.vertices) - 1
    assert np.array_equal(vertices[faces], triangles)


@pytest.mark.parametrize("seed", range(5))
def test_a_weld_whose_hashes_all_collide_still_keeps_every_position_apart(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # The weld sorts keys by a hash and checks every corner against its group: with a
    # hash that sends every key to one group, the check alone must split them again.
    rng = np.random.default_rng(seed)
    points = rng.uniform(-50.0, 50.0, (int(rng.integers(3, 300)), 3))
    triangles = points[rng.integers(0, len(points), (int(rng.integers(1, 400)), 3))]
    expected_vertices, expected_faces = merge_vertices(triangles)
    monkeypatch.setattr(weld, "_FIBONACCI_HASH", np.uint64(0))
    vertices, faces = merge_vertices(triangles)
    assert np.array_equal(vertices, expected_vertices)
    assert np.array_equal(faces, expected_faces)
    assert np.array_equal(vertices[faces], triangles)
    assert len(vertices) == len(np.unique(triangles.reshape(-1, 3), axis=0))


def test_duplicate_faces_are_found_whatever_their_starting_corner() -> None:
    # [2, 0, 1] repeats [0, 1, 2]; [2, 1, 0] is its other side (the wall between two
    # touching solids) and stays, so the fast no-repeat check must not skip it either.
    faces = np.array([[0, 1, 2], [1, 2, 3], [2, 0, 1], [2, 1, 0], [3, 4, 5], [4, 4, 5]])
    kept, degenerate, duplicates = drop_degenerate(faces)
    assert (degenerate, duplicates) == (1, 1)
    assert kept.tolist() == [[0, 1, 2], [1, 2, 3], [2, 1, 0], [3, 4, 5]]


def test_faces_without_duplicates_come_back_unchanged() -> None:
    faces = np.asarray(trimesh.creation.icosphere(subdivisions=3).faces, dtype=np.int64)
    kept, degenerate, duplicates = drop_degenerate(faces)
    assert (degenerate, duplicates) == (0, 0)
    assert np.array_equal(kept, faces)


def test_both_ray_bindings_find_the_same_first_faces(monkeypatch: pytest.MonkeyPatch) -> None:
    mesh = trimesh.creation.torus(major_radius=20.0, minor_radius=5.0)
    vertices = np.asarray(mesh.vertices) + 1000.0  # far from the origin, as parts may be
    faces = np.asarray(mesh.faces, dtype=np.int64)
    rng = np.random.default_rng(3)
    origins = 1000.0 + rng.uniform(-30.0, 30.0, (3000, 3))
    directions = rng.normal(size=(3000, 3))
    directions /= np.linalg.norm(directions, axis=1)[:, None]
    monkeypatch.setattr(rays, "BATCH_UP_TO", len(faces))
    batched = RayScene(vertices, faces).first_faces(origins, directions)
    monkeypatch.setattr(rays, "BATCH_UP_TO", len(faces) - 1)
    one_by_one = RayScene(vertices, faces).first_faces(origins, directions)
    assert 0 < np.count_nonzero(batched >= 0) < len(batched)  # some hit, some miss
    assert np.mean(batched == one_by_one) > 0.999  # only grazing rays may differ


def _torus_and_rays(
    count: int,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    mesh = trimesh.creation.torus(major_radius=20.0, minor_radius=5.0)
    vertices = np.asarray(mesh.vertices) + 1000.0
    faces = np.asarray(mesh.faces, dtype=np.int64)
    rng = np.random.default_rng(4)
    origins = 1000.0 + rng.uniform(-30.0, 30.0, (count, 3))
    directions = rng.normal(size=(count, 3))
    directions /= np.linalg.norm(directions, axis=1)[:, None]
    return vertices, faces, origins, directions


def test_packets_give_the_distances_and_barycentrics_of_single_rays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 1001 rays: the last packet of 16 is only partly filled, and must not leak into the rest.
    vertices, faces, origins, directions = _torus_and_rays(1001)
    monkeypatch.setattr(rays, "BATCH_UP_TO", len(faces))
    face, distance, uv = RayScene(vertices, faces).first_hits(origins, directions)
    monkeypatch.setattr(rays, "BATCH_UP_TO", len(faces) - 1)
    packed_face, packed_distance, packed_uv = RayScene(vertices, faces).first_hits(
        origins, directions
    )
    same = face == packed_face
    assert np.mean(same) > 0.999
    hit = same & (face >= 0)
    assert 0 < np.count_nonzero(hit) < len(face)
    assert np.allclose(distance[hit], packed_distance[hit], rtol=1e-5, atol=1e-4)
    assert np.allclose(uv[hit], packed_uv[hit], atol=1e-4)
    missed = packed_face < 0
    assert np.isnan(packed_distance[missed]).all() and np.isnan(packed_uv[missed]).all()


def test_a_packet_scene_answers_any_number_of_rays() -> None:
    vertices, faces, origins, directions = _torus_and_rays(40)
    scene = PacketScene(vertices - 1000.0, faces)
    for count in (0, 1, 15, 16, 17, 40):
        face, distance, uv = scene.first_hits(
            (origins[:count] - 1000.0).astype(np.float32), directions[:count].astype(np.float32)
        )
        assert face.shape == distance.shape == (count,) and uv.shape == (count, 2)
        expected = RayScene(vertices, faces).first_faces(origins[:count], directions[:count])
        assert np.array_equal(face, expected)


def test_a_ray_from_inside_a_closed_box_always_hits_it() -> None:
    # Robust (watertight) intersection: a ray aimed exactly at an edge or a corner
    # shared by two triangles must not slip between them.
    box = trimesh.creation.box(extents=(2.0, 2.0, 2.0))
    scene = PacketScene(np.asarray(box.vertices), np.asarray(box.faces, dtype=np.int64))
    targets = np.array(
        [[1, 1, 1], [1, -1, 0], [0, 1, 1], [1, 0, 0], [1, 1, 0], [-1, -1, -1]], dtype=np.float32
    )
    directions = targets / np.linalg.norm(targets, axis=1)[:, None]
    face, distance, _ = scene.first_hits(np.zeros_like(directions), directions)
    assert (face >= 0).all()
    assert np.allclose(distance, np.linalg.norm(targets, axis=1), rtol=1e-5)


@pytest.mark.parametrize(
    ("name", "before_reading"), [("part.stl", False), ("part.obj", True), ("part.ply", True)]
)
def test_the_engine_imports_end_before_this_thread_needs_them(
    monkeypatch: pytest.MonkeyPatch, name: str, before_reading: bool
) -> None:
    # Two threads importing scipy's circular modules at once can fail with _DeadlockError
    # (seen in a fresh worker): the load waits for the import thread before its first
    # import. Only our own STL reader and the weld (numpy alone) run alongside it.
    happened: list[str] = []
    reading = read_triangles
    welding = weld.merge_vertices
    labelling = topology.shell_labels

    def read(*args: Any) -> Any:
        happened.append("read")
        return reading(*args)

    def welded(*args: Any) -> Any:
        happened.append("weld")
        return welding(*args)

    def shells(*args: Any) -> Any:
        happened.append("shells")
        return labelling(*args)

    monkeypatch.setattr(analyze, "read_triangles", read)
    monkeypatch.setattr(solid_module, "merge_vertices", welded)
    monkeypatch.setattr(solid_module, "shell_labels", shells)
    box = trimesh.creation.box((10.0, 20.0, 30.0))
    data = box.export(file_type=name.rsplit(".", 1)[1])
    part = analyze.load_part(
        data if isinstance(data, bytes) else data.encode(),
        name,
        engine_imported=lambda: happened.append("imported"),
    )
    assert part.solid.watertight
    assert happened.index("imported") < happened.index("shells")
    assert (happened.index("imported") < happened.index("read")) == before_reading
    assert (happened.index("imported") < happened.index("weld")) == before_reading


def test_measuring_an_stl_imports_no_mesh_library(tmp_path: Path) -> None:
    # trimesh is a third of a fresh worker's imports: an STL is read, welded and
    # measured without it (the other formats' readers still use it).
    ring = tmp_path / "ring.stl"
    ring.write_bytes(binary_stl(trimesh.creation.annulus(4.0, 9.0, 12.0)))
    script = (
        "import sys\n"
        "from geometry.analyze import analyze\n"
        "report = analyze(open(sys.argv[1], 'rb').read(), 'ring.stl')\n"
        "assert report.watertight and report.holes, report\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'trimesh'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ring)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "[]", done.stdout


def test_the_scene_built_while_loading_answers_for_the_faces_as_finally_wound() -> None:
    # A box wound inside out is turned the right way after its ray scene was started:
    # hits on it must weigh the corners of the faces as they are now, or a re-cast ray
    # (geometry.reach) would start from the wrong point on a face.
    box = trimesh.creation.box((10.0, 20.0, 30.0))
    box.faces = box.faces[:, ::-1]
    started: list[RayScene] = []
    part = analyze.load_part(
        binary_stl(box), "box.stl", on_welded=lambda v, f: started.append(RayScene(v, f))
    )
    solid = part.solid
    assert "flipped_inverted_shells" in solid.repairs and solid.faces_as_welded
    assert solid.reversed_since_weld is not None and solid.reversed_since_weld.all()
    rng = np.random.default_rng(6)
    origins = rng.uniform(-3.0, 3.0, (200, 3)) + np.array([0.0, 0.0, 20.0])
    directions = np.tile([0.0, 0.0, -1.0], (200, 1)) + rng.uniform(-0.05, 0.05, (200, 3))
    directions /= np.linalg.norm(directions, axis=1)[:, None]
    scene = started[0].wound_as(solid.reversed_since_weld)
    face, distance, uv = scene.first_hits(origins, directions)
    assert (face >= 0).all()
    weights = np.column_stack([1.0 - uv.sum(axis=1), uv])
    on_face = np.einsum("nk,nkj->nj", weights, solid.vertices[solid.faces[face]])
    assert np.allclose(on_face, origins + directions * distance[:, None], atol=1e-4)


def test_a_repair_that_changes_faces_marks_the_solid_as_no_longer_welded_as_read() -> None:
    # The scene started from the welded faces is then stale: analyze builds it again.
    mesh = trimesh.creation.icosphere(subdivisions=3)
    clean = analyze.load_part(binary_stl(mesh), "ball.stl").solid
    assert clean.faces_as_welded and clean.reversed_since_weld is None
    holed = trimesh.Trimesh(mesh.vertices, mesh.faces[1:], process=False)
    repaired = analyze.load_part(binary_stl(holed), "ball.stl").solid
    assert "filled_holes" in repaired.repairs and repaired.watertight
    assert not repaired.faces_as_welded and repaired.reversed_since_weld is None
