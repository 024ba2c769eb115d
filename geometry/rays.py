"""First-hit ray queries against one mesh, through Embree (via embreex, or directly).

Two ways into the same Embree, each best at one size:

- embreex (trimesh's ray backend) answers a whole batch of rays in one C call,
  but copies vertices and faces into Embree one Python element at a time: about
  1.1 s for 1.3 M faces before Embree even builds its tree;
- `geometry.embree` calls Embree through ctypes: the scene reads the arrays in
  place and builds with the GIL released (beside the load, on a million faces),
  and rays go 16 to a call, at the cost of filling the packets in numpy first.

A full analysis casts about 125 k rays whatever the mesh size; up to
`BATCH_UP_TO` faces the embreex scene is cheap and its batches are the
fastest. Each binding is imported only when a scene of its size is built.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds

#: Meshes up to this many faces go to embreex, larger ones to Embree directly.
BATCH_UP_TO = 250_000


def binding_module(face_count: int) -> str:
    """The module a scene of `face_count` faces imports, so a caller can import it early."""
    return "embreex.mesh_construction" if face_count <= BATCH_UP_TO else "geometry.embree"


class RayScene:
    """An Embree scene of `vertices (v, 3) mm` and `faces (f, 3)`, built once."""

    def __init__(self, vertices: NDArray[np.float64], faces: NDArray[np.int64]) -> None:
        # Embree works in float32: shifting to the part's corner keeps precision
        # for parts modelled far from the origin.
        self._origin = bounds(vertices)[0] if len(vertices) else np.zeros(3)
        shifted = np.empty(vertices.shape, dtype=np.float32)
        np.subtract(vertices, self._origin, out=shifted, casting="same_kind")  # in float64
        self._batch: Any = None
        self._packets: Any = None
        self._reversed: NDArray[np.bool_] | None = None
        if len(faces) <= BATCH_UP_TO:
            self._batch = _embreex_scene(shifted, faces)
        else:
            from geometry.embree import PacketScene  # noqa: PLC0415  # only large meshes need it

            self._packets = PacketScene(shifted, faces)

    def wound_as(self, reversed_faces: NDArray[np.bool_] | None) -> RayScene:
        """Report hits on the faces as they are wound now; only the barycentric (u, v) change.

        `reversed_faces` (f,): the faces built as (a, b, c) that are now (c, b, a).
        """
        self._reversed = reversed_faces
        return self

    def first_faces(
        self, origins: NDArray[np.float64], directions: NDArray[np.float64]
    ) -> NDArray[np.int64]:
        """Index of the first face each ray (n, 3) hits, -1 where it hits nothing."""
        starts = np.ascontiguousarray(origins - self._origin, dtype=np.float32)
        heading = np.ascontiguousarray(directions, dtype=np.float32)
        if len(starts) == 0:
            return np.zeros(0, dtype=np.int64)
        if self._batch is not None:
            return np.asarray(self._batch.run(starts, heading), dtype=np.int64)
        face: NDArray[np.int64] = self._packets.first_hits(starts, heading)[0]
        return face

    def first_hits(
        self, origins: NDArray[np.float64], directions: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """First hit of each ray (n, 3): face, distance and barycentric (u, v) on that face.

        A miss gives face -1 and NaN. The distance (mm for unit directions) comes from
        Embree itself, so it stays exact for rays that graze a face, where intersecting
        the face's plane would divide by almost zero.
        """
        starts = np.ascontiguousarray(origins - self._origin, dtype=np.float32)
        heading = np.ascontiguousarray(directions, dtype=np.float32)
        if len(starts) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros((0, 2))
        if self._batch is not None:
            found = self._batch.run(starts, heading, output=1)
            face = np.asarray(found["primID"], dtype=np.int64)
            distance = np.asarray(found["tfar"], dtype=np.float64)
            uv = np.column_stack([found["u"], found["v"]]).astype(np.float64)
        else:
            face, tfar, barycentric = self._packets.first_hits(starts, heading)
            distance, uv = tfar.astype(np.float64), barycentric.astype(np.float64)
        missed = face < 0
        if self._reversed is not None:  # (c, b, a): corner 1 keeps u; corner 2 weighs what a did
            turned = np.flatnonzero(~missed)
            turned = turned[self._reversed[face[turned]]]
            uv[turned, 1] = 1.0 - uv[turned, 0] - uv[turned, 1]
        distance = np.where(missed, np.nan, distance)
        uv = np.where(missed[:, None], np.nan, uv)
        return face, distance, uv


def _embreex_scene(vertices: NDArray[np.floating[Any]], faces: NDArray[np.int64]) -> Any:
    from embreex import rtcore_scene  # noqa: PLC0415  # only small meshes need it
    from embreex.mesh_construction import TriangleMesh  # noqa: PLC0415

    scene = rtcore_scene.EmbreeScene()
    TriangleMesh(
        scene=scene,
        vertices=np.ascontiguousarray(vertices, dtype=np.float32),
        indices=np.ascontiguousarray(faces, dtype=np.int32),
    )
    return scene
