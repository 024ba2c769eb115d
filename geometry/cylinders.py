"""Concave cylindrical patches of a triangle mesh: the walls of holes and bores.

Method, vectorised over the whole mesh and then over patches (never a Python loop
over faces):

1. Keep the edges where the surface bends *into* itself (a concave dihedral,
   between `MIN_BEND_SIN` and `MAX_BEND_DEG`) and the flat edges between two such
   faces (the diagonal of a rectangular facet). Convex edges (a boss, a tube's
   outside, an outer round, any sphere) drop out here, which also bounds the cost:
   on a convex million-face part nothing survives this step.
2. Faces joined by those edges form candidate patches. Per patch, the axis is the
   direction its normals are perpendicular to: the smallest eigenvector of the
   area-weighted normal covariance (the great-circle fit of its Gaussian image).
   Faces whose normal leans more than `MAX_TILT_DEG` off that great circle (a cone,
   a floor caught in the patch) are dropped and the axis refitted.
3. The circle is fitted (Kasa least squares) to the patch's corners in the plane
   normal to the axis. A patch is a cylinder when its corners lie on that circle
   within `MAX_RADIAL_RMS` of the radius; how much of the circle it spans is read
   from the resultant of its normals (zero for a full circle).

Shapes and units: `vertices (v, 3) float64 mm`, `faces (f, 3) int64`, `normals
(f, 3)` unit and out of the material, `areas (f,) mm²`, `face_pairs (p, 2)` faces
sharing an edge. Works for any axis direction and for structured (long facets
split in two) and unstructured tessellations, coarse or fine: every threshold is
an angle or a ratio, none is a length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from geometry.graphs import connected_labels

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Coarsest tessellation a hole may have: six facets round the circle bend 60° each.
MAX_BEND_DEG = 70.0
#: Below this sine of the bend two faces are one flat facet (float32 STL noise is ~1e-5).
MIN_BEND_SIN = 2e-3
#: Faces of an unstructured mesh lean off the axis by about sagitta / height; past
#: this angle a face is not part of the wall (a cone, a floor, a chamfer).
MAX_TILT_DEG = 15.0
#: Corners must lie on the fitted circle within this RMS share of the radius. CAD
#: tessellators put every vertex on the true surface, so the fit is exact to float32
#: noise; a rounded pocket or an obround slot misses by a few per cent.
MAX_RADIAL_RMS = 0.005
#: Fewer faces than this cannot show a circle (a hexagonal hole has 6 facets).
MIN_FACES = 6
#: Patches examined at most, largest area first: bounds the work on hostile meshes.
MAX_PATCHES = 5000


@dataclass(frozen=True, slots=True)
class FacetMesh:
    """An oriented mesh with what every surface measurement already knows of it."""

    vertices: FloatArray  # (v, 3) mm
    faces: IntArray  # (f, 3)
    normals: FloatArray  # (f, 3) unit, out of the material
    areas: FloatArray  # (f,) mm²
    face_pairs: IntArray  # (p, 2) faces sharing an edge
    # (3, 3, f) coordinate `axis` of corner k of every face (`Surface.corners`), or None
    corners: FloatArray | None = None


@dataclass(frozen=True, slots=True)
class _Patches:
    """The faces of candidate patches, each with its patch label 0..count-1."""

    vertices: FloatArray  # (v, 3) the whole mesh's
    corners: IntArray  # (m, 3) vertex indices of each face
    normals: FloatArray  # (m, 3)
    areas: FloatArray  # (m,)
    labels: IntArray  # (m,)
    count: int


@dataclass(frozen=True, slots=True)
class Cylinder:
    """A concave cylindrical patch: part of the wall of a hole, mm."""

    centre: FloatArray  # (3,) on the axis, halfway along the patch
    axis: FloatArray  # (3,) unit; its sign is arbitrary
    radius: float
    length: float  # extent of the patch along the axis
    resultant: FloatArray  # (3,) area-weighted sum of the normals across the axis, mm²
    area: float  # mm²
    radial_rms: float  # RMS distance of the corners from the cylinder, relative to the radius
    faces: int

    @property
    def open_share(self) -> float:
        """|resultant| / area: 0 when the wall goes all the way round, ~0.9 for a 90° arc."""
        return float(np.linalg.norm(self.resultant)) / max(self.area, 1e-300)


def concave_cylinders(mesh: FacetMesh) -> list[Cylinder]:
    """Every concave cylindrical patch of the mesh (full circles and partial arcs)."""
    patch_faces, labels = _concave_patches(mesh)
    if len(patch_faces) == 0:
        return []
    patch_faces, labels = _largest_patches(patch_faces, labels, mesh.areas)
    count = int(labels.max()) + 1 if len(labels) else 0
    face_normals, face_areas = mesh.normals[patch_faces], mesh.areas[patch_faces]
    axes = _great_circle_axes(face_normals, face_areas, labels, count)
    # Refit without the faces that lean off the great circle (cones, floors).
    lean = np.abs(np.einsum("ij,ij->i", face_normals, axes[labels]))
    upright = lean < np.sin(np.radians(MAX_TILT_DEG))
    patches = _Patches(
        mesh.vertices,
        mesh.faces[patch_faces[upright]],
        face_normals[upright],
        face_areas[upright],
        labels[upright],
        count,
    )
    axes = _great_circle_axes(patches.normals, patches.areas, patches.labels, count)
    return _fit_circles(patches, axes)


def _concave_patches(mesh: FacetMesh) -> tuple[IntArray, IntArray]:
    """(faces (m,), patch label (m,)) of the faces joined by concave or flat-inside edges."""
    vertices, faces, normals, face_pairs = mesh.vertices, mesh.faces, mesh.normals, mesh.face_pairs
    empty = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if len(face_pairs) == 0:
        return empty
    first = np.ascontiguousarray(face_pairs[:, 0])
    second = np.ascontiguousarray(face_pairs[:, 1])
    candidates, span = _lifted_edges(mesh, first, second)
    # The survivors again in float64, both ways round, with the bend's size.
    a, b = first[candidates], second[candidates]
    corners = vertices - vertices.min(axis=0) if len(candidates) else vertices
    centre_a, centre_b = corners[faces[a]].sum(axis=1), corners[faces[b]].sum(axis=1)
    normal_a, normal_b = normals[a], normals[b]
    noise = 1e-9 * span
    forth = np.einsum("ij,ij->i", normal_a, centre_b - centre_a)
    back = np.einsum("ij,ij->i", normal_b, centre_a - centre_b)
    cosine = np.einsum("ij,ij->i", normal_a, normal_b)
    bent = (forth > noise) & (back > noise) & (cosine > np.cos(np.radians(MAX_BEND_DEG)))
    bent &= cosine < np.sqrt(1 - MIN_BEND_SIN**2)
    concave = candidates[bent]
    if len(concave) == 0:
        return empty
    member = np.zeros(len(faces), dtype=bool)
    member[first[concave]] = True
    member[second[concave]] = True
    # Gentle edges between two member faces: the diagonal of a facet split in two, or
    # an unstructured mesh's fold across the wall, which bends either way by about
    # the facets' tilt off the axis.
    inside = np.flatnonzero(member[first] & member[second])
    coplanar = np.einsum("ij,ij->i", normals[first[inside]], normals[second[inside]])
    flat = inside[coplanar >= np.cos(np.radians(MAX_TILT_DEG))]
    edges = np.concatenate([concave, flat])
    patch_faces = np.flatnonzero(member)
    compact = np.full(len(faces), -1, dtype=np.int64)
    compact[patch_faces] = np.arange(len(patch_faces))
    rows, cols = compact[first[edges]], compact[second[edges]]
    size = len(patch_faces)
    _, labels = connected_labels(size, rows, cols)
    return patch_faces, labels


def _lifted_edges(mesh: FacetMesh, first: IntArray, second: IntArray) -> tuple[IntArray, float]:
    """Edges whose second face's centroid lies above the first face's plane, and the span.

    This pass sees every edge of the mesh (2 M on a million faces), so it works on
    contiguous columns, one gather per column: on a convex part (a sphere, a boss,
    an outer round) no edge passes and nothing else runs. It stays in float64: the
    lift of a fine facet (µm) on a large part would drown in float32's rounding.
    The corners' coordinates come from `mesh.corners` when the normals' pass
    gathered them already (the same numbers: (x − low)[i] is x[i] − low).
    """
    vertices, faces, normals = mesh.vertices, mesh.faces, mesh.normals
    low = [float(vertices[:, k].min()) for k in range(3)]
    span = max(float(vertices[:, k].max()) - low[k] for k in range(3))
    # Corner sums stand for centroids: three times as far, the same signs.
    centroid = []
    if mesh.corners is not None:
        for k, (a, b, c) in enumerate(mesh.corners):
            total = a - low[k]
            total += b - low[k]
            total += c - low[k]
            centroid.append(total)
    else:
        corner = [np.ascontiguousarray(faces[:, n]) for n in range(3)]
        for k in range(3):
            column = vertices[:, k] - low[k]
            centroid.append(column[corner[0]] + column[corner[1]] + column[corner[2]])
    normal = [np.ascontiguousarray(normals[:, k]) for k in range(3)]
    plane = normal[0] * centroid[0] + normal[1] * centroid[1] + normal[2] * centroid[2]
    lift = normal[0][first] * centroid[0][second]
    lift += normal[1][first] * centroid[1][second]
    lift += normal[2][first] * centroid[2][second]
    lift -= plane[first]
    return np.flatnonzero(lift > 1e-9 * span), span


def _largest_patches(
    patch_faces: IntArray, labels: IntArray, areas: FloatArray
) -> tuple[IntArray, IntArray]:
    """Drop patches too small to show a circle; keep the `MAX_PATCHES` largest, relabelled."""
    sizes = np.bincount(labels)
    patch_area = np.bincount(labels, weights=areas[patch_faces])
    eligible = np.flatnonzero(sizes >= MIN_FACES)
    eligible = eligible[np.argsort(-patch_area[eligible], kind="stable")[:MAX_PATCHES]]
    relabel = np.full(len(sizes), -1, dtype=np.int64)
    relabel[eligible] = np.arange(len(eligible))
    new = relabel[labels]
    kept = new >= 0
    return patch_faces[kept], new[kept]


def _great_circle_axes(
    normals: FloatArray, areas: FloatArray, labels: IntArray, count: int
) -> FloatArray:
    """(count, 3) unit axis per patch: the direction its normals are most perpendicular to."""
    covariance = np.empty((count, 3, 3))
    for i in range(3):
        for j in range(i, 3):
            weights = areas * normals[:, i] * normals[:, j]
            covariance[:, i, j] = covariance[:, j, i] = np.bincount(
                labels, weights=weights, minlength=count
            )
    _, vectors = np.linalg.eigh(covariance)
    axes: FloatArray = vectors[:, :, 0]
    return axes


def _fit_circles(patches: _Patches, axes: FloatArray) -> list[Cylinder]:
    """Least-squares circle of each patch's corners in the plane normal to its axis."""
    count, labels, normals, areas = patches.count, patches.labels, patches.normals, patches.areas
    sizes = np.bincount(labels, minlength=count)
    helper = np.eye(3)[np.argmin(np.abs(axes), axis=1)]
    u = np.cross(axes, helper)
    u /= np.linalg.norm(u, axis=1)[:, None]
    v = np.cross(axes, u)
    corner_labels = np.repeat(labels, 3)
    points = patches.vertices[patches.corners.ravel()]
    # Coordinates relative to each patch's mean corner keep the fit well conditioned.
    n = np.maximum(np.bincount(corner_labels, minlength=count), 1).astype(np.float64)
    mean = np.stack(
        [np.bincount(corner_labels, weights=points[:, k], minlength=count) / n for k in range(3)],
        axis=1,
    )
    offset = points - mean[corner_labels]
    x = np.einsum("ij,ij->i", offset, u[corner_labels])
    y = np.einsum("ij,ij->i", offset, v[corner_labels])
    t = np.einsum("ij,ij->i", offset, axes[corner_labels])
    z = x * x + y * y

    def total(values: FloatArray) -> FloatArray:
        summed: FloatArray = np.bincount(corner_labels, weights=values, minlength=count).astype(
            np.float64
        )
        return summed

    sx, sy, sxx, sxy, syy = total(x), total(y), total(x * x), total(x * y), total(y * y)
    system = np.stack(
        [np.stack([sxx, sxy, sx], -1), np.stack([sxy, syy, sy], -1), np.stack([sx, sy, n], -1)],
        axis=1,
    )
    rhs = -np.stack([total(x * z), total(y * z), total(z)], axis=1)
    solution = np.einsum("kij,kj->ki", np.linalg.pinv(system), rhs)
    cx, cy = -solution[:, 0] / 2.0, -solution[:, 1] / 2.0
    radius = np.sqrt(np.maximum(cx * cx + cy * cy - solution[:, 2], 0.0))
    error = np.hypot(x - cx[corner_labels], y - cy[corner_labels]) - radius[corner_labels]
    rms = np.sqrt(total(error * error) / n) / np.maximum(radius, 1e-12)
    low, high = _group_extent(t, corner_labels, count)
    centre = mean + cx[:, None] * u + cy[:, None] * v + ((low + high) / 2.0)[:, None] * axes
    # The normals' resultant in the plane: zero when they go all the way round.
    flat_normals = normals - np.einsum("ij,ij->i", normals, axes[labels])[:, None] * axes[labels]
    resultant = np.stack(
        [
            np.bincount(labels, weights=areas * flat_normals[:, k], minlength=count)
            for k in range(3)
        ],
        axis=1,
    )
    patch_area = np.bincount(labels, weights=areas, minlength=count)
    # Concave: the normals point at the axis (a boss's point away from it).
    towards = _towards_axis(patches, centre, axes)
    found = (sizes >= MIN_FACES) & (rms <= MAX_RADIAL_RMS) & (radius > 0) & (towards > 0.5)
    return [
        Cylinder(
            centre=centre[k],
            axis=axes[k],
            radius=float(radius[k]),
            length=float(high[k] - low[k]),
            resultant=resultant[k],
            area=float(patch_area[k]),
            radial_rms=float(rms[k]),
            faces=int(sizes[k]),
        )
        for k in np.flatnonzero(found)
    ]


def _group_extent(
    values: FloatArray, labels: IntArray, count: int
) -> tuple[FloatArray, FloatArray]:
    """Per-label minimum and maximum of `values` (labels 0..count-1, each present)."""
    low = np.full(count, np.inf)
    high = np.full(count, -np.inf)
    np.minimum.at(low, labels, values)
    np.maximum.at(high, labels, values)
    low[~np.isfinite(low)] = 0.0
    high[~np.isfinite(high)] = 0.0
    return low, high


def _towards_axis(patches: _Patches, centre: FloatArray, axes: FloatArray) -> FloatArray:
    """Area-weighted mean of sign(normal · direction to the axis) per patch, in [-1, 1]."""
    count, labels, normals, areas = patches.count, patches.labels, patches.normals, patches.areas
    centroid = patches.vertices[patches.corners].mean(axis=1)
    to_axis = centre[labels] - centroid
    to_axis -= np.einsum("ij,ij->i", to_axis, axes[labels])[:, None] * axes[labels]
    sign = np.sign(np.einsum("ij,ij->i", normals, to_axis))
    area = np.maximum(np.bincount(labels, weights=areas, minlength=count), 1e-300)
    result: FloatArray = np.bincount(labels, weights=areas * sign, minlength=count) / area
    return result
