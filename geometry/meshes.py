"""The indexed triangle mesh the measurements read: vertices and faces, nothing more.

Measuring needs no mesh library: a part read from STL is welded, measured and
reported without importing trimesh (about 0.4 s of a one-shot worker's start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray


class Triangles(Protocol):
    """Anything with `vertices (v, 3)` in mm and `faces (f, 3)`: a `Mesh`, a trimesh.Trimesh."""

    @property
    def vertices(self) -> NDArray[np.float64]:
        """(v, 3) corner positions, mm."""
        ...

    @property
    def faces(self) -> NDArray[np.int64]:
        """(f, 3) vertex indices of each triangle."""
        ...


@dataclass(frozen=True)
class Mesh:
    """An indexed triangle mesh: `vertices (v, 3)` mm and `faces (f, 3)`."""

    vertices: NDArray[np.float64]
    faces: NDArray[np.int64]
