"""The convex hull's volume on large parts: close to exact, whatever the vertex order."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from geometry.hull import EXACT_UP_TO, convex_hull_volume


@pytest.fixture(scope="module")
def ball() -> trimesh.Trimesh:
    """A 655 k-vertex sphere: every vertex on the hull, the hardest case for a sample."""
    sphere: trimesh.Trimesh = trimesh.creation.icosphere(subdivisions=8, radius=20.0)
    return sphere


def test_a_large_convex_part_has_its_own_volume_as_hull_in_any_vertex_order(
    ball: trimesh.Trimesh,
) -> None:
    # The sample once strode through the vertex list: sorted by position (as an
    # earlier weld numbered them) it kept rings of the sphere and lost 2.3 %.
    vertices = np.asarray(ball.vertices)
    assert len(vertices) > EXACT_UP_TO
    orders = {
        "as built": np.arange(len(vertices)),
        "sorted by position": np.lexsort(vertices.T[::-1]),
        "shuffled": np.random.default_rng(7).permutation(len(vertices)),
    }
    volumes = {name: convex_hull_volume(vertices[order]) for name, order in orders.items()}
    for name, volume in volumes.items():
        assert volume == pytest.approx(ball.volume, rel=1e-3), name
        assert volume <= ball.volume * (1 + 1e-9), name  # a hull of some vertices: never more
    assert max(volumes.values()) - min(volumes.values()) < 1e-9 * ball.volume


def test_a_small_part_has_the_exact_hull() -> None:
    bracket = trimesh.creation.box((40.0, 30.0, 5.0)).union(
        trimesh.creation.box((5.0, 30.0, 40.0)).apply_translation((17.5, 0.0, 17.5))
    )
    assert convex_hull_volume(np.asarray(bracket.vertices)) == pytest.approx(
        bracket.convex_hull.volume, rel=1e-12
    )
