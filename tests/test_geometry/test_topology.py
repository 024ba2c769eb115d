"""How faces meet along edges: counted exactly on meshes small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh
from numpy.typing import NDArray

from geometry.topology import (
    drop_degenerate,
    edge_topology,
    resolve_nonmanifold,
    shell_labels,
)
from geometry.weld import merge_vertices

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


def stacked_cubes(other_diagonal: bool) -> NDArray[np.float64]:
    """Two 10 mm cubes, one on the other, each a closed outward mesh of its own.

    `other_diagonal`: the upper cube's bottom square is split along the diagonal
    the lower cube's top does not use, so only the square's sides are shared.
    """
    lower = np.asarray(trimesh.creation.box(extents=(10.0, 10.0, 10.0)).triangles)
    upper = lower + np.array([0.0, 0.0, 10.0])
    bottom = np.isclose(upper[:, :, 2], 5.0).all(axis=1)
    if other_diagonal:
        top = np.isclose(lower[:, :, 2], 5.0).all(axis=1)
        flat = lower[top][:, :, :2].reshape(-1, 2)
        corners, counts = np.unique(flat, axis=0, return_counts=True)
        a, c = corners[counts == 2]  # the diagonal the lower cube's top uses
        b, d = corners[counts == 1]
        z = 5.0  # the shared square
        square = [(*b, z), (*a, z), (*d, z), (*d, z), (*c, z), (*b, z)]
        replaced = np.asarray(square).reshape(2, 3, 3)
        # Outward for the upper cube is down (-z): wind each triangle that way.
        for triangle in replaced:
            if np.cross(triangle[1] - triangle[0], triangle[2] - triangle[0])[2] > 0:
                triangle[[1, 2]] = triangle[[2, 1]]
        upper = np.concatenate([upper[~bottom], replaced])
    return np.concatenate([lower, upper])


@pytest.mark.parametrize("other_diagonal", [False, True])
def test_two_solids_sharing_a_face_stay_two_closed_shells(other_diagonal: bool) -> None:
    vertices, faces = merge_vertices(stacked_cubes(other_diagonal))
    faces, _, duplicates = drop_degenerate(faces)
    assert duplicates == 0  # the two copies of the shared face are wound opposite ways: both stay
    edges = edge_topology(faces, len(vertices))
    assert edges.nonmanifold > 0
    resolved = resolve_nonmanifold(vertices, faces, edges)
    assert resolved.nonmanifold == 0 and resolved.boundary == 0
    assert len(resolved.open_faces) == 0
    count, labels = shell_labels(len(faces), resolved.face_pairs)
    assert count == 2
    assert sorted(np.bincount(labels)) == [12, 12]


def test_an_exact_copy_of_a_face_is_a_duplicate() -> None:
    faces = np.array([[0, 1, 2], [1, 2, 0], [0, 2, 1]])
    kept, degenerate, duplicates = drop_degenerate(faces)
    assert (degenerate, duplicates) == (0, 1)
    assert len(kept) == 2
