"""A revised part for tests: a binary STL stretched along X, as a customer's next revision."""

from __future__ import annotations

import numpy as np

HEADER = 84  # 80 bytes of header, then the triangle count
#: One triangle: normal and three corners (12 float32), then 2 attribute bytes.
TRIANGLE = np.dtype([("floats", "<f4", (12,)), ("attributes", "<u2")])


def stretched(stl: bytes, factor: float = 1.25) -> bytes:
    """Binary `stl` with every corner's X scaled by `factor`: another size and volume."""
    triangles = np.frombuffer(stl, dtype=TRIANGLE, offset=HEADER).copy()
    triangles["floats"][:, 3::3] *= factor  # x of the three corners (the normal is recomputed)
    return stl[:HEADER] + triangles.tobytes()
