"""Connected components of a graph given as edge lists, for faces, vertices and shells."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def connected_labels(
    count: int, rows: NDArray[np.int64], cols: NDArray[np.int64]
) -> tuple[int, NDArray[np.int64]]:
    """(components, label (count,)) of `count` nodes joined by the edges rows[i]–cols[i]."""
    # scipy loads on a spare thread while a part is read (geometry.analyze.ENGINE_MODULES).
    from scipy.sparse import coo_matrix  # noqa: PLC0415
    from scipy.sparse.csgraph import connected_components  # noqa: PLC0415

    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(count, count))
    components, labels = connected_components(graph, directed=False)
    return int(components), labels.astype(np.int64)
