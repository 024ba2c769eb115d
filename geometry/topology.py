"""Turn raw triangles into an honest solid: shared vertices, shells, orientation.

Shapes: `triangles` (n, 3, 3) float64; `vertices` (v, 3) float64; `faces`
(f, 3) int64. Everything is vectorised: no Python loop over faces or edges.

Why not trimesh's own processing: `trimesh.load` spends seconds merging a
1 M-face STL, `fix_normals` turns a void's shell outward (so its volume adds
instead of subtracting), and `split()` drops open shells by default.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import centre
from geometry.graphs import connected_labels

#: Bits per vertex index when a face's three are packed into one integer.
_INDEX_BITS = 21


@dataclass
class Shell:
    """One connected sheet of faces."""

    closed: bool
    signed_volume: float  # mm^3, positive once oriented outward
    depth: int = 0  # how many closed shells of its solid enclose it: even = body, odd = void
    body: int = 0  # the solid the file put it in (0 when the file does not say)


@dataclass
class Solid:
    """An indexed, oriented mesh with its shells and what was repaired."""

    vertices: NDArray[np.float64]
    faces: NDArray[np.int64]
    face_shell: NDArray[np.int64]  # (f,) shell index per face
    shells: list[Shell]
    boundary_edges: int
    nonmanifold_edges: int
    winding_consistent: bool
    repairs: list[str] = field(default_factory=list)
    # (p, 2) faces sharing a manifold edge, kept for feature finding (holes); None when unknown.
    face_pairs: NDArray[np.int64] | None = None
    # (3, 3, f) the faces' corner coordinates (`corner_columns`), gathered once for the
    # volumes and again read for the normals; None when unknown.
    corners: NDArray[np.float64] | None = None
    # Whether the faces are still those handed to `build_solid`'s `on_welded` (same index,
    # same corners): False once a crack or hole repair changed them.
    faces_as_welded: bool = True
    # (f,) which faces are wound the other way than when welded (None: none, or not as welded).
    reversed_since_weld: NDArray[np.bool_] | None = None

    @property
    def watertight(self) -> bool:
        """Every edge is shared by exactly two faces."""
        return self.boundary_edges == 0 and self.nonmanifold_edges == 0


def drop_degenerate(faces: NDArray[np.int64]) -> tuple[NDArray[np.int64], int, int]:
    """Remove faces with a repeated corner and exact duplicates (same corners, same winding).

    Returns the kept faces, how many were degenerate and how many duplicates.
    """
    distinct = (
        (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 0] != faces[:, 2])
    )
    kept = faces if distinct.all() else faces[distinct]
    if len(kept) and int(kept.max()) < 2**_INDEX_BITS:
        # Three vertex indices, smallest first, packed in one integer: a 1-D sort
        # is ten times faster than sorting rows. Min and max of the columns give
        # the same key as sorting each face's corners, without a row sort. When no
        # corner set repeats, no face can repeat in either winding.
        a, b, c = (np.ascontiguousarray(kept[:, k]) for k in range(3))
        low = np.minimum(np.minimum(a, b), c)
        high = np.maximum(np.maximum(a, b), c)
        packed = a + b + c - low - high  # the middle one
        packed <<= _INDEX_BITS
        packed |= low << (2 * _INDEX_BITS)
        packed |= high
        ordered = np.sort(packed)
        if not (ordered[1:] == ordered[:-1]).any():  # the usual case: nothing repeats
            return kept, int((~distinct).sum()), 0
    # Each face rotated to start at its lowest corner: an exact copy matches, while
    # the same triangle wound the other way (the wall between two touching solids,
    # one face from each) does not, and stays.
    canonical = _rotated_to_lowest(kept)
    if len(kept) and int(canonical.max()) < 2**_INDEX_BITS:
        packed = (
            (canonical[:, 0] << (2 * _INDEX_BITS))
            | (canonical[:, 1] << _INDEX_BITS)
            | canonical[:, 2]
        )
        _, unique_index = np.unique(packed, return_index=True)
    else:
        _, unique_index = np.unique(canonical, axis=0, return_index=True)
    duplicates = len(kept) - len(unique_index)
    if duplicates:
        kept = kept[np.sort(unique_index)]
    return kept, int((~distinct).sum()), int(duplicates)


def _rotated_to_lowest(faces: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each face's corners in its own cyclic order, starting at the lowest index (column-wise)."""
    a, b, c = faces[:, 0], faces[:, 1], faces[:, 2]
    a_first = (a < b) & (a < c)
    b_first = ~a_first & (b < c)
    rotated = np.empty_like(faces)
    rotated[:, 0] = np.where(a_first, a, np.where(b_first, b, c))
    rotated[:, 1] = np.where(a_first, b, np.where(b_first, c, a))
    rotated[:, 2] = np.where(a_first, c, np.where(b_first, a, b))
    return rotated


@dataclass
class EdgeTopology:
    """How faces meet along their edges."""

    face_pairs: NDArray[np.int64]  # (p, 2) faces sharing an edge
    pair_same_direction: NDArray[np.bool_]  # (p,) both faces walk the edge the same way
    pair_manifold: NDArray[np.bool_]  # (p,) the edge has exactly these two faces
    open_faces: NDArray[np.int64]  # faces touching a boundary or non-manifold edge
    boundary: int
    nonmanifold: int

    @property
    def winding_consistent(self) -> bool:
        """Every manifold edge is walked once each way."""
        return not bool((self.pair_same_direction & self.pair_manifold).any())

    def manifold_pairs(self) -> NDArray[np.int64]:
        """(m, 2) the face pairs of manifold edges (all of them, uncopied, on a clean mesh)."""
        if self.pair_manifold.all():
            return self.face_pairs
        return self.face_pairs[self.pair_manifold]


def edge_topology(faces: NDArray[np.int64], vertex_count: int) -> EdgeTopology:
    """Group the three edges of every face with their neighbours (one sort, no loops)."""
    # Edge 3f+e of face f runs from corner e to corner e+1.
    tail = faces.ravel()
    head = np.empty_like(faces)
    head[:, :2] = faces[:, 1:]
    head[:, 2] = faces[:, 0]
    head = head.ravel()
    key = np.minimum(tail, head)
    key *= vertex_count
    key += np.maximum(tail, head)
    order, sorted_key = _sort_with_order(key)
    # same[i]: sorted edges i and i+1 are one edge. Everything below is read off
    # these flags at the pairs only, never expanded per edge (3 M of them).
    same = sorted_key[1:] == sorted_key[:-1]
    before = np.zeros(len(same), dtype=bool)
    before[1:] = same[:-1]  # the pair's first edge also matches the one before it
    after = np.zeros(len(same), dtype=bool)
    after[:-1] = same[1:]  # the pair's second edge also matches the one after it
    pairs = np.flatnonzero(same)
    manifold = ~(before[pairs] | after[pairs])  # exactly two edges in the group
    first, second = order[pairs], order[pairs + 1]
    forward = tail < head
    face_pairs = np.stack([first // 3, second // 3], axis=1)
    pair_same_direction = forward[first] == forward[second]
    if 2 * len(pairs) == len(key) and manifold.all():
        # Every edge in exactly one pair of two (a closed manifold mesh, the usual case):
        # no edge is alone or shared by three, so there is nothing more to count.
        return EdgeTopology(
            face_pairs, pair_same_direction, manifold, np.zeros(0, dtype=np.int64), 0, 0
        )
    in_manifold_pair = np.zeros(len(key), dtype=bool)
    in_manifold_pair[pairs[manifold]] = True
    in_manifold_pair[pairs[manifold] + 1] = True
    alone = np.ones(len(key), dtype=bool)  # an edge no other face shares
    alone[:-1] &= ~same
    alone[1:] &= ~same
    # A group of three or more starts where two matches follow a non-match.
    run_start = same[:-1] & same[1:] & ~np.r_[False, same[:-2]]
    return EdgeTopology(
        face_pairs=face_pairs,
        pair_same_direction=pair_same_direction,
        pair_manifold=manifold,
        open_faces=np.unique(order[~in_manifold_pair] // 3),
        boundary=int(alone.sum()),
        nonmanifold=int(run_start.sum()),
    )


def _sort_with_order(key: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """`(order, key[order])` of non-negative keys, ties in index order (a stable argsort).

    When key and index fit in 63 bits together they are packed into one integer
    and sorted by value: numpy's SIMD sort of integers is over ten times faster
    than a stable argsort of 4 M edge keys.
    """
    index_bits = max(len(key) - 1, 1).bit_length()
    key_bits = max(int(key.max()) if len(key) else 0, 1).bit_length()
    if key_bits + index_bits > 63:
        order = np.argsort(key, kind="stable")
        return order, key[order]
    packed = key << index_bits
    packed |= np.arange(len(key), dtype=np.int64)
    packed.sort()
    order = packed & ((1 << index_bits) - 1)
    packed >>= index_bits
    return order, packed


def consistent_winding(faces: NDArray[np.int64], edges: EdgeTopology) -> NDArray[np.int64]:
    """Flip faces so neighbours walk shared edges in opposite directions.

    Each face's flip is the parity of "same direction" edges on its path to a
    root in a breadth-first tree, found by pointer jumping (log depth, all
    vectorised) instead of trimesh's per-face Python walk.
    """
    from scipy.sparse import coo_matrix  # noqa: PLC0415  # see geometry.analyze: imported while the part loads
    from scipy.sparse.csgraph import breadth_first_order  # noqa: PLC0415  # see geometry.analyze: imported while the part loads

    count = len(faces)
    pairs = edges.face_pairs[edges.pair_manifold]
    flip = edges.pair_same_direction[edges.pair_manifold].astype(np.int8)
    # Two faces may share two edges on broken meshes; keep one entry per pair
    # (sparse matrices would add the weights up).
    pair_key = pairs.min(axis=1) * count + pairs.max(axis=1)
    _, keep = np.unique(pair_key, return_index=True)
    pairs, flip = pairs[keep], flip[keep]
    # A virtual root (index `count`) joins one face of every component, so a
    # single breadth-first search spans the whole forest.
    _, labels = connected_labels(count, pairs[:, 0], pairs[:, 1])
    seeds = np.unique(labels, return_index=True)[1]
    rows = np.r_[pairs[:, 0], pairs[:, 1], np.full(len(seeds), count)]
    cols = np.r_[pairs[:, 1], pairs[:, 0], seeds]
    weights = (
        np.r_[flip, flip, np.zeros(len(seeds), dtype=np.int8)] + 1
    )  # stored as 1/2: 0 is "no edge"
    graph = coo_matrix((weights, (rows, cols)), shape=(count + 1, count + 1)).tocsr()
    _, parent = breadth_first_order(graph, count, directed=False)
    parent[count] = count
    nodes = np.arange(count)
    parity = np.zeros(count + 1, dtype=np.int8)
    parity[nodes] = np.asarray(graph[parent[nodes], nodes]).ravel() - 1
    parity[count] = 0
    ancestor = parent.copy()
    while True:
        moving = np.flatnonzero(ancestor != ancestor[ancestor])
        if len(moving) == 0:
            break
        parity[moving] ^= parity[ancestor[moving]]
        ancestor[moving] = ancestor[ancestor[moving]]
    fixed = faces.copy()
    flipped = parity[:count].astype(bool)
    fixed[flipped] = fixed[flipped][:, ::-1]
    return fixed


def shell_labels(face_count: int, pairs: NDArray[np.int64]) -> tuple[int, NDArray[np.int64]]:
    """Label faces by connected sheet (faces that share an edge are one shell)."""
    return connected_labels(face_count, pairs[:, 0], pairs[:, 1])


def signed_volumes(
    vertices: NDArray[np.float64],
    corners: NDArray[np.float64],
    labels: NDArray[np.int64],
    count: int,
) -> NDArray[np.float64]:
    """Signed volume enclosed by each labelled shell (divergence theorem).

    `corners`: the faces' corner coordinates, (3, 3, f) as `corner_columns` gives them.
    """
    # About the vertices' centre: limits cancellation on far-off parts.
    (xi, xj, xk), (yi, yj, yk), (zi, zj, zk) = (
        [column - middle for column in axis]
        for axis, middle in zip(corners, centre(vertices), strict=True)
    )
    # The sum built in place, in the order of x_i·(y_j z_k − z_j y_k) + y_i·(…) + z_i·(…).
    per_face = yj * zk
    per_face -= zj * yk
    per_face *= xi
    term = zj * xk
    term -= xj * zk
    term *= yi
    per_face += term
    term = xj * yk
    term -= yj * xk
    term *= zi
    per_face += term
    per_face /= 6.0
    return np.bincount(labels, weights=per_face, minlength=count).astype(np.float64)


def winding_number(point: NDArray[np.float64], triangles: NDArray[np.float64]) -> float:
    """Generalised winding number of closed `triangles` around `point` (±1 inside, 0 outside)."""
    a = triangles[:, 0] - point
    b = triangles[:, 1] - point
    c = triangles[:, 2] - point
    la, lb, lc = (np.linalg.norm(x, axis=1) for x in (a, b, c))
    numerator = np.einsum("ij,ij->i", a, np.cross(b, c))
    denominator = (
        la * lb * lc
        + np.einsum("ij,ij->i", a, b) * lc
        + np.einsum("ij,ij->i", a, c) * lb
        + np.einsum("ij,ij->i", b, c) * la
    )
    return float(np.arctan2(numerator, denominator).sum() / (2.0 * np.pi))


#: Beyond this many edges shared by more than two faces, they are left unresolved.
MAX_NONMANIFOLD_TO_RESOLVE = 20_000


def resolve_nonmanifold(
    vertices: NDArray[np.float64], faces: NDArray[np.int64], edges: EdgeTopology
) -> EdgeTopology:
    """Pair the faces around edges shared by more than two faces, where the winding allows.

    Two solids that touch along an edge (stacked blocks meshed alike, a pin in
    its hole) share it with four faces. Going round the edge, each face pairs
    with its neighbour on its material side (behind its normal); when every
    face's neighbour picks it back and they walk the edge in opposite
    directions, the edge is resolved into manifold pairs, so each solid stays
    its own closed shell. Other such edges stay non-manifold.
    """
    if edges.nonmanifold == 0 or edges.nonmanifold > MAX_NONMANIFOLD_TO_RESOLVE:
        return edges
    tail = faces.ravel()
    head = np.roll(faces, -1, axis=1).ravel()
    key = np.minimum(tail, head) * len(vertices) + np.maximum(tail, head)
    order = np.argsort(key, kind="stable")
    starts = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1]])
    counts = np.diff(np.r_[starts, len(key)])
    resolved: list[NDArray[np.int64]] = []
    unresolved: list[NDArray[np.int64]] = []
    for group in np.flatnonzero(counts >= 3):  # one per non-manifold edge, not per face
        ids = order[starts[group] : starts[group] + counts[group]]
        pairs = _pair_round_edge(vertices, faces, ids, tail, head)
        (resolved if pairs is not None else unresolved).append(pairs if pairs is not None else ids)
    if not resolved:
        return edges
    manifold = edges.face_pairs[edges.pair_manifold]
    extra = [np.stack([ids[:-1] // 3, ids[1:] // 3], axis=1) for ids in unresolved]
    forward = tail < head
    extra_same = [forward[ids[:-1]] == forward[ids[1:]] for ids in unresolved]
    joined = np.concatenate([manifold, *resolved, *extra]).astype(np.int64)
    paired = len(manifold) + sum(len(p) for p in resolved)
    same = np.zeros(len(joined), dtype=bool)
    same[: len(manifold)] = edges.pair_same_direction[edges.pair_manifold]
    if extra_same:
        same[paired:] = np.concatenate(extra_same)
    is_manifold = np.zeros(len(joined), dtype=bool)
    is_manifold[:paired] = True
    single = order[starts[counts == 1]]
    open_edges_ = np.concatenate([single, *unresolved]) if unresolved else single
    return EdgeTopology(
        face_pairs=joined,
        pair_same_direction=same,
        pair_manifold=is_manifold,
        open_faces=np.unique(open_edges_ // 3),
        boundary=edges.boundary,
        nonmanifold=len(unresolved),
    )


def _pair_round_edge(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    ids: NDArray[np.int64],
    tail: NDArray[np.int64],
    head: NDArray[np.int64],
) -> NDArray[np.int64] | None:
    """(k/2, 2) face pairs round one edge (edge ids `ids` = 3 × face + corner), or None."""
    face = ids // 3
    start = vertices[np.minimum(tail[ids[0]], head[ids[0]])]
    axis = vertices[np.maximum(tail[ids[0]], head[ids[0]])] - start
    axis /= np.linalg.norm(axis)
    opposite = vertices[faces[face, (ids % 3 + 2) % 3]] - start
    out = opposite - np.outer(opposite @ axis, axis)  # from the edge towards each face
    reach = np.linalg.norm(out, axis=1)
    if not (reach > 0.0).all():
        return None  # a sliver face along the edge has no side to be on
    x = out[0] / reach[0]
    y = np.cross(axis, x)
    theta = np.arctan2(out @ y, out @ x)
    corners = vertices[faces[face]]
    normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    tangent = np.cross(axis, out)  # the way θ grows, at each face
    towards_growing = np.einsum("ij,ij->i", normal, tangent) > 0  # material at smaller θ
    # Coincident faces (θ equal): the one whose material lies at smaller θ comes first.
    rank = np.lexsort((~towards_growing, theta))
    position = np.empty(len(rank), dtype=np.int64)
    position[rank] = np.arange(len(rank))
    step = np.where(towards_growing, -1, 1)
    partner = rank[(position + step) % len(rank)]
    if not (partner[partner] == np.arange(len(rank))).all():
        return None
    forward = tail[ids] < head[ids]
    if (forward == forward[partner]).any():
        return None  # neighbours walk the edge the same way: the winding does not say
    first = np.flatnonzero(np.arange(len(rank)) < partner)
    return np.stack([face[first], face[partner[first]]], axis=1)
