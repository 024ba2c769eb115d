"""How faces meet along edges: counted exactly on meshes small enough to check by hand."""

from __future__ import annotations

import numpy as np

from geometry.topology import edge_topology

TETRAHEDRON = np.array([[0, 2, 1], [0, 1, 3], [1, 2, 3], [0, 3, 2]], dtype=np.int64)


def test_a_closed_tetrahedron_has_six_manifold_edges_and_nothing_open() -> None:
    edges = edge_topology(TETRAHEDRON, 4)
    assert len(edges.face_pairs) == 6 and edges.pair_manifold.all()
    assert (edges.boundary, edges.nonmanifold) == (0, 0)
    assert len(edges.open_faces) == 0
    assert edges.winding_consistent


def test_removing_a_face_opens_three_boundary_edges() -> None:
    edges = edge_topology(TETRAHEDRON[1:], 4)
    assert edges.boundary == 3 and edges.nonmanifold == 0
    assert sorted(edges.open_faces.tolist()) == [0, 1, 2]


def test_a_flipped_face_makes_its_three_edges_run_the_same_way() -> None:
    faces = TETRAHEDRON.copy()
    faces[0] = faces[0][::-1]
    edges = edge_topology(faces, 4)
    assert int(edges.pair_same_direction.sum()) == 3
    assert not edges.winding_consistent


def test_three_faces_on_one_edge_are_one_nonmanifold_edge() -> None:
    fan = np.array([[0, 1, 2], [1, 0, 3], [0, 1, 4]], dtype=np.int64)
    edges = edge_topology(fan, 5)
    assert edges.nonmanifold == 1
    assert edges.boundary == 6
    assert not edges.pair_manifold.any()  # the shared edge has three faces, not two
    assert sorted(edges.open_faces.tolist()) == [0, 1, 2]


def test_two_separate_nonmanifold_edges_are_counted_apart() -> None:
    fan = np.array([[0, 1, 2], [1, 0, 3], [0, 1, 4], [5, 6, 7], [6, 5, 8], [5, 6, 9]])
    assert edge_topology(fan.astype(np.int64), 10).nonmanifold == 2
