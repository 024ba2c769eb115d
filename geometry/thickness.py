"""Wall thickness by inward rays, and the surface sampling every ray measurement shares.

Method: draw area-weighted random points on the surface, cast a ray from each along
the inward normal (into the material) and take the distance to the first wall it
leaves through as the local thickness. The robust minimum is a low percentile of
those distances, so knife edges and single leaking rays do not set it.

Shapes and units: `vertices (v, 3) float64 mm`, `faces (f, 3) int`, face normals point
out of the material (an internal void's faces point into the void). Every ray query
goes through the `RayScene` held by `Surface`, so the four measurements share one
Embree scene build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds, corner_columns
from geometry.meshes import Triangles
from geometry.rays import RayScene
from geometry.report import Axis, Frozen, ThinArea

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Unit vector of every axis label a report names.
AXIS_VECTORS: dict[Axis, tuple[float, float, float]] = {
    "+X": (1.0, 0.0, 0.0),
    "-X": (-1.0, 0.0, 0.0),
    "+Y": (0.0, 1.0, 0.0),
    "-Y": (0.0, -1.0, 0.0),
    "+Z": (0.0, 0.0, 1.0),
    "-Z": (0.0, 0.0, -1.0),
}

#: Ray start offset off the surface, relative to the part's size plus its distance from
#: the origin: embree works in float32 (about 1e-7 relative), so this is ~100 ulp.
RAY_OFFSET_REL = 1e-5

#: Percentile of the area-weighted thickness samples reported as the minimum wall.
#: 1 % ignores what every real part has and no process cares about (the sliver of
#: area next to a sharp edge or tip, where thickness falls to zero, and the odd ray
#: leaking through a crack between triangles) while any wall covering at least ~1 %
#: of the surface still sets the minimum; smaller thin patches show in `thin_areas`.
MIN_WALL_PERCENTILE = 1.0

DEFAULT_THRESHOLDS_MM: tuple[float, ...] = (0.5, 0.8, 1.0, 1.5, 2.0)


@dataclass(frozen=True, slots=True)
class Surface:
    """Per-face data shared by the surface measurements; build it once with `surface_of`."""

    normals: FloatArray  # (f, 3) unit, out of the material; zero for degenerate faces
    areas: FloatArray  # (f,) mm²
    cumulative: FloatArray  # (f,) running sum of `areas`, mm², for sampling
    offset: float  # mm a ray starts off the surface, clear of float32 noise
    scene: RayScene | None  # Embree scene of the mesh; None when it has no faces
    # (3, 3, f) mm: corners[axis, k] is coordinate `axis` of every face's corner k, as
    # gathered for the normals; feature finding reads them instead of gathering again.
    corners: FloatArray = field(default_factory=lambda: np.zeros((3, 3, 0)))

    @property
    def total_area(self) -> float:
        """Surface area in mm²."""
        return float(self.cumulative[-1]) if len(self.cumulative) else 0.0


@dataclass(frozen=True, slots=True)
class Samples:
    """Area-weighted random points on the surface, each standing for `area_each` mm²."""

    points: FloatArray  # (n, 3) mm
    faces: IntArray  # (n,) index of the face each point lies on
    normals: FloatArray  # (n, 3) that face's unit normal
    area_each: float  # mm² of surface each sample represents


def surface_of(
    mesh: Triangles, scene: RayScene | None = None, corners: FloatArray | None = None
) -> Surface:
    """Face normals, areas and the ray offset, computed column-wise (fast on 1 M faces).

    `scene` is a ray scene of exactly these vertices and faces when the caller
    already built one; otherwise it is built here. Likewise `corners`, the faces'
    corner coordinates (`geometry.arrays.corner_columns`; `Solid.corners`).
    """
    vertices = np.asarray(mesh.vertices, dtype=np.float64)
    faces = np.asarray(mesh.faces, dtype=np.int64).reshape(-1, 3)
    if len(faces) == 0 or len(vertices) == 0:
        empty = np.zeros(0)
        return Surface(np.zeros((0, 3)), empty, empty, 1e-6, None)
    corners = corners if corners is not None else corner_columns(vertices, faces)
    (x0, xb, xc), (y0, yb, yc), (z0, zb, zc) = corners
    ux, uy, uz = xb - x0, yb - y0, zb - z0
    vx, vy, vz = xc - x0, yc - y0, zc - z0
    normals = np.empty((len(faces), 3))
    normals[:, 0] = uy * vz - uz * vy
    normals[:, 1] = uz * vx - ux * vz
    normals[:, 2] = ux * vy - uy * vx
    double_area = np.sqrt(np.einsum("ij,ij->i", normals, normals))
    normals /= np.where(double_area > 0.0, double_area, 1.0)[:, None]
    areas = 0.5 * double_area
    lo, hi = bounds(vertices)
    reach = float(np.linalg.norm(hi - lo) + np.abs(np.concatenate([lo, hi])).max())
    offset = RAY_OFFSET_REL * max(reach, 1e-3)
    scene = scene if scene is not None else RayScene(vertices, faces)
    return Surface(normals, areas, np.cumsum(areas), offset, scene, corners)


def sample_faces(
    mesh: Triangles,
    cumulative: FloatArray,
    count: int,
    rng: np.random.Generator,
    subset: IntArray | None = None,
) -> tuple[IntArray, FloatArray]:
    """`count` points on faces drawn with probability ∝ the increments of `cumulative`.

    `cumulative` runs over `subset` (face indices) when given, else over every face.
    Returns `(faces (n,) mesh face indices, points (n, 3) mm)`; uniform within a triangle.
    """
    total = float(cumulative[-1]) if len(cumulative) else 0.0
    if count <= 0 or total <= 0.0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 3))
    picks = rng.random(count) * total
    face = np.searchsorted(cumulative, picks, side="right").astype(np.int64)
    face = np.minimum(face, len(cumulative) - 1)
    if subset is not None:
        face = subset[face]
    corners = np.asarray(mesh.vertices, dtype=np.float64)[np.asarray(mesh.faces)[face]]
    r1, r2 = rng.random(count), rng.random(count)
    flip = r1 + r2 > 1.0  # fold the unit square onto the triangle
    r1[flip], r2[flip] = 1.0 - r1[flip], 1.0 - r2[flip]
    origin = corners[:, 0]
    points = (
        origin + r1[:, None] * (corners[:, 1] - origin) + r2[:, None] * (corners[:, 2] - origin)
    )
    return face, points


def sample_surface(mesh: Triangles, surface: Surface, count: int, seed: int) -> Samples:
    """`count` area-weighted random points on the whole surface (seeded, deterministic)."""
    face, points = sample_faces(mesh, surface.cumulative, count, np.random.default_rng(seed))
    area_each = surface.total_area / len(face) if len(face) else 0.0
    return Samples(points, face, surface.normals[face], area_each)


def first_hit(
    mesh: Triangles, surface: Surface, origins: FloatArray, directions: FloatArray
) -> tuple[IntArray, FloatArray]:
    """First face each ray hits and the distance to it along the (unit) direction.

    Returns `(faces (n,), distance (n,) mm)`: face -1 and distance NaN for a miss.
    """
    count = len(origins)
    if count == 0 or len(surface.areas) == 0:
        return np.full(count, -1, dtype=np.int64), np.full(count, np.nan)
    assert surface.scene is not None  # a surface with faces always has a scene
    face = surface.scene.first_faces(origins, directions)
    distance = np.full(count, np.nan)
    hit = face >= 0
    normal = surface.normals[face[hit]]
    corner = np.asarray(mesh.vertices, dtype=np.float64)[np.asarray(mesh.faces)[face[hit], 0]]
    towards = np.einsum("ij,ij->i", normal, directions[hit])
    along = np.einsum("ij,ij->i", corner - origins[hit], normal)
    with np.errstate(divide="ignore", invalid="ignore"):
        distance[hit] = np.where(towards != 0.0, along / towards, np.nan)
    return face, distance


def inward_thickness(mesh: Triangles, surface: Surface, samples: Samples) -> FloatArray:
    """Thickness (n,) mm at each sample along its inward normal; NaN where unmeasured.

    A hit only counts where the ray leaves the material (the wall it hits faces along
    the ray); a miss or an entering hit means an open or inverted shell there.
    """
    direction = -samples.normals
    origins = samples.points + direction * surface.offset
    face, distance = first_hit(mesh, surface, origins, direction)
    leaving = np.zeros(len(face), dtype=bool)
    hit = face >= 0
    leaving[hit] = np.einsum("ij,ij->i", surface.normals[face[hit]], direction[hit]) > 0.0
    return np.where(leaving, distance + surface.offset, np.nan)


class WallThickness(Frozen, frozen=True):  # repeated so mypy sees it frozen
    """Wall thickness measured from area-weighted surface samples, in mm."""

    min_wall_mm: float | None  # 1st percentile of the measured samples (robust minimum)
    median_wall_mm: float | None
    thin_areas: list[ThinArea]  # surface area measuring below each threshold
    measured_share: float  # 0..1 of samples whose ray left through a wall (low: open mesh)


def wall_thickness(
    mesh: Triangles,
    samples: int = 20000,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS_MM,
    seed: int = 0,
    *,
    surface: Surface | None = None,
) -> WallThickness:
    """Robust minimum wall and the area thinner than each threshold.

    Args:
        mesh: the part, mm, outward-wound shells (process=False is fine).
        samples: rays to cast; 20 k leaves 200 samples below the 1st percentile.
        thresholds: wall thicknesses (mm) to report thin area below.
        seed: RNG seed for the surface samples.
        surface: `surface_of(mesh)`, when the caller already has it.
    """
    surface = surface if surface is not None else surface_of(mesh)
    drawn = sample_surface(mesh, surface, samples, seed)
    thickness = inward_thickness(mesh, surface, drawn)
    measured = thickness[np.isfinite(thickness)]
    count = max(len(thickness), 1)
    thin = [
        ThinArea(
            threshold_mm=float(limit),
            area_mm2=float(np.count_nonzero(measured < limit)) / count * surface.total_area,
        )
        for limit in thresholds
    ]
    if len(measured) == 0:
        return WallThickness(
            min_wall_mm=None, median_wall_mm=None, thin_areas=thin, measured_share=0.0
        )
    return WallThickness(
        min_wall_mm=float(np.percentile(measured, MIN_WALL_PERCENTILE)),
        median_wall_mm=float(np.median(measured)),
        thin_areas=thin,
        measured_share=len(measured) / count,
    )
