"""Line-of-sight reach of surface samples along tool directions, independent of the meshing.

A tessellated surface is the true surface plus chordal error: each flat triangle
deviates from the curved surface it stands for by up to its sagitta, and its normal
is tilted by up to half the angle between neighbouring facets. Judging reach from
facets alone makes a cylinder's wall flip between "turned away" and "blocked by the
neighbour facet" depending on how it was meshed. So here:

- each sample's facing is judged with a smoothed normal: the normals of the faces
  around each corner of its triangle that lie within `SMOOTH_DEG` of that triangle,
  weighted as Max (1999) does (so smoothing never crosses an edge sharper than that),
  blended with the sample's barycentric coordinates: close to the true surface normal;
- a sample whose smoothed normal is within `WALL_DEG` of perpendicular to the tool is a
  wall the tool's side cuts: it is reached when the line along the wall (the tool
  direction projected onto its tangent plane) or the line along the tool leaves the part;
- rays start off the surface by the local chordal error (from how the smoothed normals
  turn along the triangle's edges), not just float noise, so a ray along a faceted
  cylinder does not clip the next facet;
- a ray that still grazes a face parallel to it, or a wall's ray stopped at the seam
  of another surface that looks the same way (a cross hole's bore), is cast again from
  further off, at most `MAX_PASSES` casts in all. A true obstacle (a flange's underside,
  a bore crossing the ray) stops it again, so it stays blocked.

Shapes and units: `vertices (v, 3) float64 mm`, `faces (f, 3) int`, normals point out
of the material.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from geometry.meshes import Triangles
from geometry.thickness import Surface

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: A surface within this angle of parallel to the tool is a wall its side cuts: a
#: drafted or chordally faceted wall is cut like a straight one.
WALL_DEG = 5.0

#: Faces around a corner within this angle of the sample's own face are averaged into
#: its smoothed normal; a cylinder faceted into 10 or more segments (36° apart at most)
#: smooths, a sharper edge (a chamfer at 45°, a box edge at 90°) stays sharp.
SMOOTH_DEG = 40.0

#: Casts per ray: the first plus re-casts past grazing hits and seams. Each re-cast
#: stands at least twice as far off as the last, so four cover a seam whose facets bow
#: out eight times more than the sample's own, and still stay within a few chordal
#: errors of the wall: far too little to slip past a real obstacle.
MAX_PASSES = 4

_WALL_SIN = math.sin(math.radians(WALL_DEG))
_SMOOTH_COS = math.cos(math.radians(SMOOTH_DEG))
#: Corner normals closer than this to their face's normal mean a flat face: far below the
#: half-angle between a fine mesher's facets (a few degrees), far above float32 noise.
_FLAT_COS = math.cos(math.radians(0.05))
#: Additive recurrence of the plastic number: the most even 2-D low-discrepancy sequence.
_R2 = np.array([1 / 1.324717957244746, 1 / 1.324717957244746**2])


@dataclass(frozen=True, slots=True)
class Facets:
    """The mesh's arrays as the reach code reads them, gathered once per measurement."""

    vertices: FloatArray  # (v, 3) mm
    faces: IntArray  # (f, 3)
    surface: Surface


def facets_of(mesh: Triangles, surface: Surface) -> Facets:
    """Gather the mesh's vertices and faces once."""
    faces = np.asarray(mesh.faces, dtype=np.int64).reshape(-1, 3)
    return Facets(np.asarray(mesh.vertices, dtype=np.float64), faces, surface)


@dataclass(frozen=True, slots=True)
class EvenSamples:
    """Points spread evenly over the surface, each standing for `area_each` mm²."""

    points: FloatArray  # (n, 3) mm
    faces: IntArray  # (n,) face each point lies on
    barycentric: FloatArray  # (n, 3) weights of that face's corners
    area_each: float


def even_samples(mesh: Triangles, surface: Surface, count: int, seed: int) -> EvenSamples:
    """`count` stratified area samples: sample i lies in the i-th equal slice of the area.

    Every face gets its area's share of samples to within one, and within a face the
    points follow a low-discrepancy sequence, so a region's sampled share is stable to
    far better than random sampling's 1/sqrt(n) (seeded: only the strata jitter).
    """
    total = surface.total_area
    if count <= 0 or total <= 0.0:
        return EvenSamples(np.zeros((0, 3)), np.zeros(0, np.int64), np.zeros((0, 3)), 0.0)
    rng = np.random.default_rng(seed)
    picks = (np.arange(count) + rng.random(count)) * (total / count)
    face = np.searchsorted(surface.cumulative, picks, side="right").astype(np.int64)
    face = np.minimum(face, len(surface.cumulative) - 1)
    r = np.modf(rng.random(2) + np.arange(count)[:, None] * _R2)[0]
    r1, r2 = r[:, 0], r[:, 1]
    flip = r1 + r2 > 1.0  # fold the unit square onto the triangle
    r1[flip], r2[flip] = 1.0 - r1[flip], 1.0 - r2[flip]
    barycentric = np.column_stack([1.0 - r1 - r2, r1, r2])
    corners = np.asarray(mesh.vertices, dtype=np.float64)[np.asarray(mesh.faces)[face]]
    points = np.einsum("nk,nkj->nj", barycentric, corners)
    return EvenSamples(points, face, barycentric, total / count)


def corner_normals(facets: Facets, which: IntArray) -> FloatArray:
    """Smoothed normal (k, 3, 3) at each corner of the faces `which` (k,).

    Only the faces touching those corners are gathered, so this costs the same on a
    million faces as on a thousand (bar one boolean pass over the faces).
    """
    faces, surface = facets.faces, facets.surface
    corners = faces[which].ravel()  # (3k,)
    marked = np.zeros(len(facets.vertices), dtype=bool)
    marked[corners] = True
    touched = np.take(marked, faces)  # np.take and `|`: 4x faster than `[faces].any(1)`
    near = np.flatnonzero(touched[:, 0] | touched[:, 1] | touched[:, 2])
    vertex = faces[near].ravel()
    face = np.repeat(near, 3)
    keep = marked[vertex]
    order = np.argsort(vertex[keep])  # any order among a vertex's faces will do
    vertex, face = vertex[keep][order], face[keep][order]
    start = np.searchsorted(vertex, corners, side="left")
    count = np.searchsorted(vertex, corners, side="right") - start
    owner = np.repeat(np.arange(len(corners)), count)
    first = np.repeat(start - (np.cumsum(count) - count), count)
    around = face[np.arange(int(count.sum())) + first]  # every face at every corner
    # np.take: about twice as fast as fancy indexing for these row gathers.
    own = np.take(surface.normals, which[owner // 3], axis=0)
    normal = np.take(surface.normals, around, axis=0)
    # Max's weights (area over the product of the two edges' squared lengths): exact at
    # a vertex of a sphere, and far steadier than area weights on irregular fans.
    centre = np.take(facets.vertices, corners[owner], axis=0)
    ring = np.take(facets.vertices, np.take(faces, around, axis=0), axis=0) - centre[:, None, :]
    squared = np.einsum("pkj,pkj->pk", ring, ring)  # (p, 3), zero at the corner itself
    spread = np.prod(np.where(squared > 0.0, squared, 1.0), axis=1)
    cosine = np.einsum("ij,ij->i", normal, own)
    weight = np.where(cosine >= _SMOOTH_COS, np.take(surface.areas, around) / spread, 0.0)
    summed = np.column_stack(
        [np.bincount(owner, normal[:, k] * weight, minlength=len(corners)) for k in range(3)]
    ).astype(np.float64)
    return _unit(summed, surface.normals[np.repeat(which, 3)]).reshape(-1, 3, 3)


def chordal_error(facets: Facets, which: IntArray, corner: FloatArray) -> FloatArray:
    """How far (k,) mm each face `which` may lie off the smooth surface through its corners.

    Along an edge of length L whose end normals turn by a small angle within the
    edge's direction, the surface bows off the chord by L·angle/8, i.e.
    |(n_j − n_i)·(p_j − p_i)| / 8: exact for a circular arc and for a cylinder's
    diagonal edges alike (only the turn along the edge counts). A face on a surface
    curved one way deviates most on an edge; the largest edge is taken.
    """
    points = facets.vertices[facets.faces[which]]
    error = np.zeros(len(which))
    for i, j in ((0, 1), (1, 2), (2, 0)):
        turn = np.einsum("ij,ij->i", corner[:, j] - corner[:, i], points[:, j] - points[:, i])
        error = np.maximum(error, np.abs(turn) / 8.0)
    return error


@dataclass(frozen=True, slots=True)
class Smooth:
    """The smooth surface as seen from some points on faces."""

    normals: FloatArray  # (n, 3) unit, smoothed
    error: FloatArray  # (n,) mm: chordal error of the face the point lies on


def smooth_at(facets: Facets, faces: IntArray, barycentric: FloatArray) -> Smooth:
    """Smoothed normals and chordal error at points given by face and barycentric weights."""
    unique, index = np.unique(faces, return_inverse=True)
    corner = corner_normals(facets, unique)
    # A face with a corner where every face within the smoothing angle lies in its plane
    # belongs to a flat face, whatever a mild crease (a 30° chamfer) blends into its
    # other corners: it keeps its own normal and has no chordal error. No facet of a
    # curved surface has such a corner.
    own = facets.surface.normals[unique]
    flat = np.einsum("kij,kj->ki", corner, own).max(axis=1) > _FLAT_COS
    corner[flat] = own[flat, None, :]
    error = chordal_error(facets, unique, corner)
    blended = np.einsum("nk,nkj->nj", barycentric, corner[index])
    return Smooth(_unit(blended, facets.surface.normals[faces]), error[index])


def reach_along(
    mesh: Triangles, surface: Surface, drawn: EvenSamples, directions: FloatArray
) -> BoolArray:
    """Whether (n, m) each sample is in sight of a tool coming from each unit direction (m, 3).

    A sample turned away from a direction (more than `WALL_DEG` past parallel) is not
    reached from it; otherwise its ray must leave the part. A wall is reached when the
    line along the wall (the tool direction projected onto its tangent plane: a drafted
    wall is followed, not pierced) or, failing that, the line along the tool leaves the
    part: the first alone follows the smoothed normal's noise on a coarse unstructured
    cylinder, the second alone calls a wall drafted over by a degree blocked.
    """
    reach = np.zeros((len(drawn.points), len(directions)), dtype=bool)
    if len(drawn.points) == 0 or len(directions) == 0:
        return reach
    facets = facets_of(mesh, surface)
    smooth = smooth_at(facets, drawn.faces, drawn.barycentric)
    facing = smooth.normals @ directions.T  # (n, m)
    sample, which = np.nonzero(facing > -_WALL_SIN)
    wall = np.abs(facing[sample, which]) < _WALL_SIN
    along = (
        directions[which]
        - np.where(wall, facing[sample, which], 0.0)[:, None] * (smooth.normals[sample])
    )
    escaped = _leaves(facets, smooth, drawn, Rays(sample, _unit(along, directions[which]), wall))
    retry = wall & ~escaped
    escaped[retry] = _leaves(
        facets, smooth, drawn, Rays(sample[retry], directions[which[retry]], wall[retry])
    )
    reach[sample[escaped], which[escaped]] = True
    return reach


@dataclass(frozen=True, slots=True)
class Rays:
    """Rays cast from samples: which sample, which way, and whether it runs along a wall."""

    sample: IntArray  # (r,)
    heading: FloatArray  # (r, 3) unit
    wall: BoolArray  # (r,)


def _leaves(facets: Facets, smooth: Smooth, drawn: EvenSamples, rays: Rays) -> BoolArray:
    """Whether each ray escapes the part, re-cast where it only brushed the surface.

    Rays start off their sample's surface by its chordal error. A ray is cast again
    when it grazed a face parallel to it (from just past the hit), or when it runs
    along a wall and was stopped by a face looking the same way as that wall (from
    where it started: it clipped the seam where another faceted surface meets its
    wall, as a cross hole's bore meets the hole it crosses). The new start backs off
    by the hit face's chordal error, and at least as far again as the ray already
    stood off: off the grazed face for a ray that left its surface, deeper off its own
    wall for a wall's ray. A true obstacle stops the ray again, and after `MAX_PASSES`
    casts the ray counts as blocked.
    """
    surface = facets.surface
    out = np.zeros(len(rays.sample), dtype=bool)
    if surface.scene is None:
        out[:] = True
        return out
    own = smooth.normals[rays.sample]
    backed = smooth.error[rays.sample] + surface.offset
    origins = drawn.points[rays.sample] + own * backed[:, None]
    active = np.arange(len(rays.sample))
    for _ in range(MAX_PASSES):
        face, distance, uv = surface.scene.first_hits(origins[active], rays.heading[active])
        hit = face >= 0
        out[active[~hit]] = True
        active, face, distance, uv = active[hit], face[hit], distance[hit], uv[hit]
        hit_normal = surface.normals[face]
        grazing = np.abs(np.einsum("ij,ij->i", hit_normal, rays.heading[active])) < _WALL_SIN
        # A wall's ray stopped by a face that looks the same way as its wall (the seam of
        # another surface bounding the same opening) goes on; one stopped by a face
        # across its wall (a flange's underside, a groove's side) is blocked.
        seam = rays.wall[active] & (np.einsum("ij,ij->i", hit_normal, own[active]) > _WALL_SIN)
        again = grazing | seam
        active, face, uv = active[again], face[again], uv[again]
        # Past a grazed face; from where it was for a wall's ray stopped head-on (a start
        # on the face that stopped it could slip through it in float32).
        advance = np.where(grazing[again], distance[again], 0.0)
        if len(active) == 0:
            break
        there = smooth_at(facets, face, np.column_stack([1.0 - uv.sum(axis=1), uv]))
        away = np.where(rays.wall[active, None], own[active], there.normals)
        back = np.maximum(there.error + surface.offset, backed[active])
        backed[active] += back
        origins[active] += rays.heading[active] * advance[:, None] + away * back[:, None]
    return out


def _unit(vectors: FloatArray, fallback: FloatArray) -> FloatArray:
    """Rows of `vectors` scaled to unit length; `fallback` rows where a row is zero."""
    length = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    safe = length > 1e-12
    result = fallback.astype(np.float64, copy=True)
    result[safe] = vectors[safe] / length[safe, None]
    return result
