"""Weld a file's triangle corners into shared vertices, numbered in the order the file uses them.

Corners closer than span / 2**20 (about a micrometre on a 1 m part) share a grid
cell, and a cell's corners are one vertex: the first of them in the file. The
cells' keys are hashed and sorted by value with each corner's index packed in
(numpy's SIMD sort of integers is several times faster than an argsort of 4 M
keys). Split over two threads (by the hash's top bit) the weld took as long: its
steps are bound by memory (fresh arrays' page faults, scattered reads and writes),
not by the core, so it stays on one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from geometry.errors import NotSolid

_GRID_BITS = 21
_GRID_CELLS = 2**20
#: 2**64 over the golden ratio: multiplying by it spreads any key over the high bits.
_FIBONACCI_HASH = np.uint64(0x9E3779B97F4A7C15)


def merge_vertices(
    triangles: NDArray[np.floating[Any]], body_ids: NDArray[np.int64] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Weld coincident corners into shared vertices (quantised to a fine grid).

    `triangles` (n, 3, 3) may be float32 (a binary STL's own numbers): every step
    works on float64 copies, exactly as if they had been converted first.
    With `body_ids` ((n,) per triangle), corners of different bodies never
    share a vertex: solids that touch face to face stay separate shells.
    """
    corners = triangles.reshape(-1, 3)
    # The bounds read the corners as they are (a float32's min is the min of its float64s).
    low = np.array([float(corners[:, axis].min()) for axis in range(3)])
    high = np.array([float(corners[:, axis].max()) for axis in range(3)])
    span = float((high - low).max())
    if span <= 0.0:
        raise NotSolid(
            "All the points of this model are in one place; there is no part to measure."
        )
    key = _grid_keys(corners, low, _GRID_CELLS / span)
    inverse, kept = _groups_in_file_order(key)
    vertices = np.take(corners, kept, axis=0).astype(np.float64)  # take: rows twice as fast
    if body_ids is not None and len(body_ids) and body_ids.min() != body_ids.max():
        return _split_by_body(vertices, inverse, np.repeat(body_ids, 3))
    return vertices, inverse.reshape(-1, 3)


def _grid_keys(
    corners: NDArray[np.floating[Any]], low: NDArray[np.float64], cells_per_mm: float
) -> NDArray[np.int64]:
    """Each corner's grid cell, its three coordinates packed into one integer."""
    # Each column copied into one float64 buffer (the one strided pass), its grid cells
    # worked out in place and packed into the key: one buffer of each kind for all three
    # axes, not a fresh 30 MB array per step (each costs its page faults again).
    column = np.empty(len(corners))
    cells = np.empty(len(corners), dtype=np.int64)
    key = np.zeros(len(corners), dtype=np.int64)
    for axis in range(3):
        np.copyto(column, corners[:, axis])
        np.subtract(column, low[axis], out=column)
        np.multiply(column, cells_per_mm, out=column)
        np.rint(column, out=column)
        np.copyto(cells, column, casting="unsafe")
        key <<= _GRID_BITS
        key |= cells
    return key


def _groups_in_file_order(key: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Number the distinct values of `key` (non-negative) by where each first occurs.

    Returns `inverse` (each entry's group) and `kept` (each group's first entry),
    groups numbered in the order of their first entries: the welded vertices follow
    the file, so faces read nearby vertices. The keys are hashed to the bits the
    entry's index leaves free and packed with it into one integer sorted by value.
    Every entry is then checked against its group's first: where two keys share a
    hash (on a million vertices, about one part in five has a pair), the entries
    that differ get groups of their own.
    """
    count = len(key)
    index_bits = max(count - 1, 1).bit_length()
    packed = key.view(np.uint64) >> np.uint64(31)
    packed ^= key.view(np.uint64)  # the high bits fold into the low before the product mixes them
    packed *= _FIBONACCI_HASH  # wraps: the high bits of the product depend on every bit
    packed >>= np.uint64(64 - (63 - index_bits))
    hashed = packed.view(np.int64)
    hashed <<= index_bits
    hashed |= np.arange(count, dtype=np.int64)
    hashed.sort()
    order = hashed & ((1 << index_bits) - 1)
    starts = np.empty(count, dtype=bool)
    starts[0] = True
    hashed >>= index_bits
    np.not_equal(hashed[1:], hashed[:-1], out=starts[1:])
    del hashed, packed
    at = np.flatnonzero(starts)
    first_entries = order[at]  # indices ascend within a group: its first entry leads it
    kept = np.sort(first_entries)
    number = np.empty(count, dtype=np.int64)
    number[kept] = np.arange(len(kept))
    inverse = np.empty(count, dtype=np.int64)
    inverse[order] = np.repeat(number[first_entries], np.diff(at, append=count))
    wrong = np.flatnonzero(key[kept][inverse] != key)
    if len(wrong):
        inverse, kept = _split_collisions(key, inverse, kept, wrong)
    return inverse, kept


def _split_collisions(
    key: NDArray[np.int64],
    inverse: NDArray[np.int64],
    kept: NDArray[np.int64],
    wrong: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Give the entries `wrong` (ascending; keys unlike their group's first) groups of their own.

    A key's entries all share one hash, so no key of theirs is any other group's.
    """
    _, first, which = np.unique(key[wrong], return_index=True, return_inverse=True)
    new_kept = wrong[first]
    all_kept = np.sort(np.concatenate([kept, new_kept]))
    inverse = np.searchsorted(all_kept, kept)[inverse]
    inverse[wrong] = np.searchsorted(all_kept, new_kept)[which]
    return inverse, all_kept


def _split_by_body(
    vertices: NDArray[np.float64], inverse: NDArray[np.int64], corner_body: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """One vertex per (welded vertex, body) pair: the body id is part of the weld key."""
    bodies = int(corner_body.max()) + 1
    _, first, split = np.unique(
        inverse * bodies + corner_body, return_index=True, return_inverse=True
    )
    return vertices[inverse[first]], split.reshape(-1, 3).astype(np.int64)
