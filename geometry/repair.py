"""Close the cracks and small holes real exports leave, before a mesh is called open.

Four defects, each fixed as a class and each named in `repairs`:

- `removed_needle_faces`: a face on an open edge that is thinner than the crack
  tolerance (three corners in a line, the middle one a vertex of its own) is no
  surface; without it, its corners are cracks the next two repairs close.
- `welded_open_vertices`: two open-edge corners a hair apart (float rounding
  on export) are one vertex.
- `closed_t_junctions`: a corner lying on another face's open edge (one side
  of a seam was split, the other not) splits that edge, so the two sides
  share edges again. CAD exporters write this where a feature meets a face.
- `filled_holes`: a loop of open edges whose patch (a fan from the loop's
  centre) covers at most `MAX_HOLE_SHARE` of its shell's area is closed, when all
  the patches of that shell together stay within the same share. A fan over a
  planar loop encloses exactly the missing volume, convex or not. The patch is
  measured by its triangles' own areas, so an opening that wraps round an edge
  (a plate's missing end and strips of its faces) counts at its true size, and
  two openings whose wall is missing (a through bore's) count together. A loop
  that passes one corner twice (two openings meeting there) is not filled.

Only open edges are touched: a closed mesh passes through unchanged. Shapes:
`vertices (v, 3) float64 mm`, `faces (f, 3) int64`, `vertex_body (v,) int64`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds
from geometry.graphs import connected_labels
from geometry.topology import drop_degenerate, edge_topology, shell_labels

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

#: Open-edge corners closer than this share of the part's largest extent are one
#: vertex, and a corner this close to an open edge lies on it (1 µm on 100 mm:
#: float32 rounding of an export, far below any feature a shop makes).
CRACK_TOLERANCE_SHARE = 1e-5
#: A needle face is at most this share of its longest edge tall (and within the crack
#: tolerance): float noise on three corners in a line, not a sliver a mesher made.
NEEDLE_SHARE = 1e-3
#: A hole is filled when its patch is at most this share of its shell's surface.
#: Larger openings (a missing face of a box, an open cup) are the drawing, not a
#: defect, and go to a person.
MAX_HOLE_SHARE = 0.02
#: Beyond this many open edges the file is a triangle soup, not a cracked solid.
MAX_OPEN_EDGES_TO_REPAIR = 50_000
#: The repairs (names in a report's `repairs`) that change which triangles the part
#: has, not only how they are wound.
WELDED_OPEN_VERTICES = "welded_open_vertices"
CLOSED_T_JUNCTIONS = "closed_t_junctions"
FILLED_HOLES = "filled_holes"
REMOVED_NEEDLE_FACES = "removed_needle_faces"
FACE_REPAIRS = frozenset(
    {REMOVED_NEEDLE_FACES, WELDED_OPEN_VERTICES, CLOSED_T_JUNCTIONS, FILLED_HOLES}
)
#: Splitting passes: a face with cracks on several edges is split one edge a pass.
_SPLIT_PASSES = 6


@dataclass
class OpenEdges:
    """The directed edges only one face uses: `tail → head` as that face walks it."""

    tail: NDArray[np.int64]
    head: NDArray[np.int64]
    face: NDArray[np.int64]
    corner: NDArray[np.int64]  # 0..2: the edge runs from corner k to k+1 of `face`


def open_edges(faces: NDArray[np.int64], vertex_count: int) -> OpenEdges:
    """Every edge no other face shares (non-manifold edges excluded)."""
    tail = faces.ravel()
    head = np.roll(faces, -1, axis=1).ravel()
    key = np.minimum(tail, head) * vertex_count + np.maximum(tail, head)
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    alone = np.flatnonzero(counts[inverse] == 1)
    return OpenEdges(tail[alone], head[alone], alone // 3, alone % 3)


def _open_corners(
    vertices: NDArray[np.float64], faces: NDArray[np.int64]
) -> tuple[OpenEdges, NDArray[np.int64], cKDTree]:
    """The open edges, their corners, and a search tree over those corners' positions."""
    edges = open_edges(faces, len(vertices))
    corners = np.unique(np.r_[edges.tail, edges.head])
    from scipy.spatial import cKDTree  # noqa: PLC0415  # loaded while the part is read

    return edges, corners, cKDTree(vertices[corners])


def weld_open_vertices(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    vertex_body: NDArray[np.int64],
    tolerance: float,
) -> NDArray[np.int64] | None:
    """Faces with open-edge corners within `tolerance` of each other welded; None if none are."""
    _, corners, tree = _open_corners(vertices, faces)
    if len(corners) < 2:
        return None
    pairs = tree.query_pairs(tolerance, output_type="ndarray")
    pairs = corners[pairs] if len(pairs) else np.zeros((0, 2), dtype=np.int64)
    pairs = pairs[vertex_body[pairs[:, 0]] == vertex_body[pairs[:, 1]]]
    if len(pairs) == 0:
        return None
    count = len(vertices)
    _, label = connected_labels(count, pairs[:, 0], pairs[:, 1])
    # Each group becomes its lowest-numbered vertex.
    first = np.full(label.max() + 1, count, dtype=np.int64)
    np.minimum.at(first, label, np.arange(count))
    welded: NDArray[np.int64] = first[label][faces]
    return welded


def close_t_junctions(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    vertex_body: NDArray[np.int64],
    tolerance: float,
) -> NDArray[np.int64] | None:
    """Faces with every open edge that has open corners lying on it split there; None if none."""
    changed = False
    for _ in range(_SPLIT_PASSES):
        split = _split_once(vertices, faces, vertex_body, tolerance)
        if split is None:
            break
        faces, changed = split, True
    return faces if changed else None


def _split_once(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    vertex_body: NDArray[np.int64],
    tolerance: float,
) -> NDArray[np.int64] | None:
    edges, corners, tree = _open_corners(vertices, faces)
    if len(edges.tail) == 0:
        return None
    start, end = vertices[edges.tail], vertices[edges.head]
    length = np.linalg.norm(end - start, axis=1)
    near = tree.query_ball_point((start + end) / 2.0, 0.5 * length + tolerance)
    sizes = np.fromiter((len(n) for n in near), dtype=np.int64, count=len(near))
    if sizes.sum() == 0:
        return None
    edge = np.repeat(np.arange(len(near)), sizes)
    point = corners[np.concatenate([np.asarray(n, dtype=np.int64) for n in near if n])]
    direction = (end - start)[edge] / np.maximum(length[edge], 1e-300)[:, None]
    offset = vertices[point] - start[edge]
    along = np.einsum("ij,ij->i", offset, direction)
    off_line = np.linalg.norm(offset - along[:, None] * direction, axis=1)
    on_edge = (
        (point != edges.tail[edge])
        & (point != edges.head[edge])
        & (along > tolerance)
        & (along < length[edge] - tolerance)
        & (off_line <= tolerance)
        & (vertex_body[point] == vertex_body[edges.tail[edge]])
    )
    if not on_edge.any():
        return None
    edge, point, along = edge[on_edge], point[on_edge], along[on_edge]
    # One split edge per face and pass; a face's other cracked edges come next pass.
    face = edges.face[edge]
    chosen_edge = np.unique(edge[np.unique(face, return_index=True)[1]])
    keep = np.isin(edge, chosen_edge)
    edge, point, along = edge[keep], point[keep], along[keep]
    order = np.lexsort((along, edge))
    edge, point = edge[order], point[order]
    return _fan_split(faces, edges, edge, point)


def _fan_split(
    faces: NDArray[np.int64],
    edges: OpenEdges,
    edge: NDArray[np.int64],
    point: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Replace each face whose open edge `a → b` holds points p1..pk (in order) by a fan.

    The fan from the opposite corner c is (a, p1, c), (p1, p2, c) … (pk, b, c):
    the same winding, the same area, and edges that meet the other side's.
    """
    starts = np.flatnonzero(np.r_[True, edge[1:] != edge[:-1]])
    ends = np.r_[starts[1:], len(edge)]
    added: list[NDArray[np.int64]] = []
    for first, last in zip(starts, ends, strict=True):  # one per cracked edge, not per face
        e = edge[first]
        corners = np.roll(faces[edges.face[e]], -edges.corner[e])  # a, b, c
        chain = np.r_[corners[0], point[first:last], corners[1]]
        added.append(np.stack([chain[:-1], chain[1:], np.full(len(chain) - 1, corners[2])], 1))
    kept = np.ones(len(faces), dtype=bool)
    kept[edges.face[edge[starts]]] = False
    return np.concatenate([faces[kept], *added])


def fill_small_holes(
    vertices: NDArray[np.float64], faces: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.int64]] | None:
    """Close every open-edge loop whose fan patch is small against its shell; None if none.

    Each loop gets a new vertex at its length-weighted centre and one triangle
    per open edge `a → b`, wound `b → a → centre` so the patch pairs with it.
    """
    edges = open_edges(faces, len(vertices))
    if len(edges.tail) < 3:
        return None
    count = len(vertices)
    _, vertex_loop = connected_labels(count, edges.tail, edges.head)
    loop_of_edge = vertex_loop[edges.tail]
    loops, loop = np.unique(loop_of_edge, return_inverse=True)
    # A fillable loop walks in and out of each of its corners equally often.
    out_degree = np.bincount(edges.tail, minlength=count)
    in_degree = np.bincount(edges.head, minlength=count)
    unbalanced = np.bincount(
        loop, weights=(out_degree != in_degree)[edges.tail], minlength=len(loops)
    )
    edge_count = np.bincount(loop, minlength=len(loops))
    # A loop through one corner twice (two openings meeting there): its centre may be
    # that corner, and the fan a set of needles. It is left for a person.
    crossing = np.bincount(loop, weights=out_degree[edges.tail] > 1, minlength=len(loops))
    start, end = vertices[edges.tail], vertices[edges.head]
    weight = np.linalg.norm(end - start, axis=1)
    middle = (start + end) / 2.0
    total = np.maximum(np.bincount(loop, weights=weight, minlength=len(loops)), 1e-300)
    centre = (
        np.stack(
            [
                np.bincount(loop, weights=weight * middle[:, k], minlength=len(loops))
                for k in range(3)
            ],
            axis=1,
        )
        / total[:, None]
    )
    # The patch's own area: a fan over a concave planar loop overlaps itself and
    # counts a little more than the opening (stricter, never laxer); a loop bent
    # round an edge counts what the fan would really add, which its vector area
    # (the area of its projection) does not.
    double = np.cross(start - centre[loop], end - centre[loop])
    patch_area = 0.5 * np.bincount(
        loop, weights=np.linalg.norm(double, axis=1), minlength=len(loops)
    )
    shell, shell_area = _shells_of_loops(vertices, faces, edges.face, loop, len(loops))
    budget = MAX_HOLE_SHARE * shell_area
    fill = (unbalanced == 0) & (crossing == 0) & (edge_count >= 3) & (patch_area <= budget)
    patched = np.bincount(shell, weights=np.where(fill, patch_area, 0.0))
    fill &= patched[shell] <= budget  # the shell's patches together, too
    if not fill.any():
        return None
    new_index = count + np.cumsum(fill) - 1  # one new vertex per filled loop
    chosen = fill[loop]
    patch = np.stack(
        [edges.head[chosen], edges.tail[chosen], new_index[loop[chosen]]], axis=1
    ).astype(np.int64)
    return np.concatenate([vertices, centre[fill]]), np.concatenate([faces, patch])


def _shells_of_loops(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    edge_face: NDArray[np.int64],
    loop: NDArray[np.int64],
    loop_count: int,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The shell each loop borders and that shell's surface area (the largest, if several)."""
    _, label = shell_labels(len(faces), edge_topology(faces, len(vertices)).face_pairs)
    corner = vertices[faces]
    area = 0.5 * np.linalg.norm(
        np.cross(corner[:, 1] - corner[:, 0], corner[:, 2] - corner[:, 0]), axis=1
    )
    shell_area = np.bincount(label, weights=area).astype(np.float64)
    bordered = label[edge_face]
    # Per loop, the bordering shell with the largest area: sort by loop, then area,
    # and keep each loop's last.
    order = np.lexsort((shell_area[bordered], loop))
    by_loop, by_shell = loop[order], bordered[order]
    last = np.r_[by_loop[1:] != by_loop[:-1], True]
    shell = np.zeros(loop_count, dtype=np.int64)
    shell[by_loop[last]] = by_shell[last]
    return shell, shell_area[shell]


def _needles_on_open_edges(
    vertices: NDArray[np.float64], faces: NDArray[np.int64], tolerance: float
) -> NDArray[np.bool_]:
    """(f,) faces with an open edge whose height over their longest edge is within `tolerance`."""
    on_open = np.zeros(len(faces), dtype=bool)
    on_open[open_edges(faces, len(vertices)).face] = True
    candidate = np.flatnonzero(on_open)
    corner = vertices[faces[candidate]]
    sides = corner[:, [1, 2, 0]] - corner
    longest = np.sqrt(np.einsum("fkj,fkj->fk", sides, sides).max(axis=1))
    double_area = np.linalg.norm(np.cross(sides[:, 0], -sides[:, 2]), axis=1)
    needle = np.zeros(len(faces), dtype=bool)
    # height = 2 · area / longest edge, compared without dividing by a zero edge; and far
    # thinner than long, since the tolerance follows the part's extent, which a stray
    # far-off corner can make huge.
    needle[candidate] = double_area <= np.minimum(tolerance, NEEDLE_SHARE * longest) * longest
    return needle


def close_cracks(
    vertices: NDArray[np.float64], faces: NDArray[np.int64], vertex_body: NDArray[np.int64]
) -> tuple[NDArray[np.int64], list[str]]:
    """Weld open corners a hair apart, then split edges at T-junctions.

    Returns the repaired faces (same vertices) and the repairs made.
    """
    repairs: list[str] = []
    low, high = bounds(vertices)
    tolerance = CRACK_TOLERANCE_SHARE * float((high - low).max())
    needle = _needles_on_open_edges(vertices, faces, tolerance)
    if needle.any() and not needle.all():
        faces = faces[~needle]
        repairs.append(REMOVED_NEEDLE_FACES)
    welded = weld_open_vertices(vertices, faces, vertex_body, tolerance)
    kept = drop_degenerate(welded)[0] if welded is not None else faces
    if welded is not None and len(kept):  # a weld that collapses every face repairs nothing
        faces = kept
        repairs.append(WELDED_OPEN_VERTICES)
    split = close_t_junctions(vertices, faces, vertex_body, tolerance)
    if split is not None:
        faces = split
        repairs.append(CLOSED_T_JUNCTIONS)
    return faces, repairs
