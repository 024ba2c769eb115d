"""Part previews for chat: a shaded isometric view of a mesh, as PNG bytes.

A customer uploads a file and the bot answers with a picture, so they can check
it is their part. `render_thumbnail` draws the mesh as the classic isometric view
(looking from +X +Y +Z toward the centre, Z up) with an orthographic camera,
headless and without OpenGL: a z-buffer rasteriser in numpy finds the nearest
triangle under every pixel of a 2x supersampled frame, each pixel is shaded
with a headlight, a key light and ambient, dark outlines are drawn where the
surface normal or the depth jumps between neighbouring pixels (CAD edges stay
readable on a phone), and the frame is averaged down, which anti-aliases the
silhouette and the outlines.

Why not rays through embree: embreex copies the mesh into embree element by
element in Python-level code, which alone took 1.1-1.6 s for 1.3 M faces, plus
0.3-0.5 s to build the BVH on the first ray. The rasteriser finds the same face
under each pixel (checked against embree on the fixture meshes) and renders a
1.3 M-face part, supersampled, in about half a second on two cores; a part of
a few thousand faces takes about 0.1-0.15 s (`bench/bench_render.py`). Peak
memory is about 250 bytes per face plus some 110 MB for a 512 px picture.

Shading is two-sided by construction: each pixel's normal comes from the depth
gradient of the triangle under it, which always faces the camera, so outward,
inward and inconsistently wound faces look the same; open and multi-body
meshes need nothing special.

Inputs: a `trimesh.Trimesh` (any object with `vertices` and `faces`) or a
`(vertices, faces)` pair, in millimetres. Faces that touch a non-finite vertex
are skipped. A mesh with no faces, or whose faces all sit on one point, raises
`ValueError`: there is nothing to show. A mesh that covers no pixel (a line, or
a sheet seen exactly edge-on) still renders, as a blank frame with a note.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from geometry.meshes import Triangles
from geometry.report import MM_PER_UNIT
from vocabulary import Unit

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Floats32 = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]
Corners = tuple[Floats, ...]  # one (k,) array per corner of k faces
Screen = tuple[Floats, Floats, Floats]  # column, row, depth per vertex, in pixels

# Camera axes as rows, in world coordinates: x to the right, y up, z away from
# the viewer. The viewer sits toward (1, 1, 1) from the part, Z up.
_CAMERA = np.array(
    [
        [-1.0 / np.sqrt(2), 1.0 / np.sqrt(2), 0.0],
        [-1.0 / np.sqrt(6), -1.0 / np.sqrt(6), 2.0 / np.sqrt(6)],
        [-1.0 / np.sqrt(3), -1.0 / np.sqrt(3), -1.0 / np.sqrt(3)],
    ]
)
_FILL = 0.85  # share of the frame the part's longer projected side spans
_MIN_SIZE, _MAX_SIZE = 32, 2048
_SUPERSAMPLE_UP_TO = 1024  # frames up to this size are drawn 2x and averaged down
_FRAGMENT_BUDGET = 1 << 20  # candidate pixels rasterised at once; bounds memory

# Light, in camera axes (x right, y up, z away); vectors point toward the light.
_KEY_LIGHT = np.array([-0.55, 0.6, -0.58]) / np.linalg.norm([-0.55, 0.6, -0.58])
_HALFWAY = (_KEY_LIGHT - [0.0, 0.0, 1.0]) / np.linalg.norm(_KEY_LIGHT - [0.0, 0.0, 1.0])
_AMBIENT, _HEADLIGHT, _KEY = 0.34, 0.5, 0.36  # a face square to the viewer gets the headlight
_SPECULAR, _SHININESS = 0.06, 24.0
_PART = np.array([0.72, 0.79, 0.88])  # steel blue-grey, sRGB 0..1
_BACKGROUND = np.array([1.0, 1.0, 1.0])
_OUTLINE = np.array([0.15, 0.18, 0.23])
_LABEL_RGB = (96, 104, 116)

_CREASE_COS = float(np.cos(np.radians(35.0)))  # normals further apart than this draw a line
_DEPTH_JUMP = 2.0  # supersampled pixels of depth a neighbour may sit off our plane


def render_thumbnail(
    mesh: Triangles | tuple[npt.ArrayLike, npt.ArrayLike],
    size: int = 512,
    *,
    dimensions: bool = True,
    units: Unit = "mm",
) -> bytes:
    """Render a shaded isometric preview of a part as PNG bytes.

    Args:
        mesh: a `trimesh.Trimesh` (or anything with `vertices` and `faces`) or a
            `(vertices (n, 3) float, faces (m, 3) int)` pair, in millimetres.
            Winding may be outward, inward or mixed; open meshes are fine.
        size: width and height of the square picture, in pixels (32-2048).
        dimensions: write the bounding-box size ("120 x 80 x 25 mm") in the
            bottom-left corner.
        units: the unit the customer drew the part in: the size is written in it
            ("5 x 2.5 x 1.38 in"), so the picture agrees with what they confirmed.

    Returns:
        A `size` x `size` RGB PNG.

    Raises:
        ValueError: the arrays are malformed, the size is out of range, or there
            is nothing to draw (no faces, or every face on one point).
        TypeError: `mesh` is neither a mesh object nor a pair of arrays.
    """
    if not _MIN_SIZE <= size <= _MAX_SIZE:
        raise ValueError(f"size must be between {_MIN_SIZE} and {_MAX_SIZE} pixels, not {size}")
    vertices, faces, used = _mesh_arrays(mesh)
    scale = 2 if size <= _SUPERSAMPLE_UP_TO else 1
    frame = size * scale
    raster = _rasterise(_project(vertices, used, frame), faces, frame)
    picture = _shade(raster)
    line = _outlines(raster)
    for channel in range(3):
        picture[channel][line] = _OUTLINE[channel]
    if scale > 1:  # average each 2 x 2 block (strided adds beat a reshaped sum 5x)
        picture = (
            picture[:, 0::2, 0::2]
            + picture[:, 1::2, 0::2]
            + picture[:, 0::2, 1::2]
            + picture[:, 1::2, 1::2]
        ) / 4.0
    rgb = np.round(np.moveaxis(picture, 0, -1) * 255.0).astype(np.uint8)
    image = Image.fromarray(rgb, mode="RGB")
    if dimensions:
        _label(image, _dimensions_text(_extents(vertices, used), units), centred=False)
    if not (raster.triangle >= 0).any():
        _label(image, "nothing visible from this side", centred=True)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _mesh_arrays(
    mesh: Triangles | tuple[npt.ArrayLike, npt.ArrayLike],
) -> tuple[Floats, Ints, Bools]:
    """Vertices (n, 3) float64 mm, faces (m, 3) int64, and which vertices faces use.

    Faces touching a non-finite vertex are dropped.
    """
    if isinstance(mesh, tuple):
        if len(mesh) != 2:
            raise ValueError("a mesh tuple must be (vertices, faces)")
        raw_vertices, raw_faces = mesh
    elif hasattr(mesh, "vertices") and hasattr(mesh, "faces"):
        raw_vertices, raw_faces = mesh.vertices, mesh.faces
    else:
        raise TypeError(f"expected a Trimesh or a (vertices, faces) tuple, not {type(mesh)}")
    vertices = np.asarray(raw_vertices, dtype=np.float64)
    given = np.asarray(raw_faces)
    if vertices.ndim != 2 or vertices.shape[1] != 3:
        raise ValueError(f"vertices must have shape (n, 3), not {vertices.shape}")
    if given.size == 0:
        raise ValueError("nothing to render: the mesh has no faces")
    if given.ndim != 2 or given.shape[1] != 3 or given.dtype.kind not in "iu":
        raise ValueError(f"faces must be integers of shape (m, 3), not {given.dtype} {given.shape}")
    faces = given.astype(np.int64, copy=False)
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise ValueError("faces refer to vertices that do not exist")
    if not np.isfinite(vertices).all():
        finite = np.isfinite(vertices).sum(axis=1) == 3
        faces = faces[finite[faces].sum(axis=1) == 3]
    used = np.zeros(len(vertices), dtype=bool)
    used[faces.ravel()] = True
    if not _extents(vertices, used).any():
        raise ValueError("nothing to render: every face sits on a single point")
    return vertices, faces, used


def _extents(vertices: Floats, used: Bools) -> Floats:
    """Size (3,) in mm of the bounding box of the used vertices; zeros if none."""
    if not used.any():
        return np.zeros(3)
    columns = (vertices[:, k] if used.all() else vertices[used, k] for k in range(3))
    return np.array([float(np.ptp(column)) for column in columns])


def _project(vertices: Floats, used: Bools, frame: int) -> Screen:
    """Screen coordinates of every vertex, with the used ones fitted to the frame.

    Returns column `u` and row `v` (pixel centres on whole numbers) and depth
    `z` away from the viewer, each (n,) in pixels of a `frame`-wide square.
    """
    # Column by column: a (n, 3) @ (3, 3) matmul goes through BLAS threads and
    # measured 20x slower on a busy two-core box.
    x, y, depth = (
        vertices[:, 0] * axis[0] + vertices[:, 1] * axis[1] + vertices[:, 2] * axis[2]
        for axis in _CAMERA
    )
    low, high = [], []
    for values in (x, y, depth):
        fitted = values if used.all() else values[used]
        low.append(float(fitted.min()))
        high.append(float(fitted.max()))
    span = max(high[0] - low[0], high[1] - low[1])
    if span <= 0.0:  # a segment pointing straight at the viewer
        span = high[2] - low[2]
    pixels_per_mm = _FILL * frame / span
    u = (x - (low[0] + high[0]) / 2.0) * pixels_per_mm + (frame / 2.0 - 0.5)
    v = ((low[1] + high[1]) / 2.0 - y) * pixels_per_mm + (frame / 2.0 - 0.5)
    z = (depth - low[2]) * pixels_per_mm
    if not used.all():  # unused vertices may be far off or not finite
        z = np.where(used, z, 0.0)
    return u, v, z


@dataclass(frozen=True)
class _Raster:
    """What the z-buffer saw at each pixel of the (supersampled) frame, as (h, w) images.

    `triangle` is the face under the pixel, or -1 for background. `depth` is in
    pixels away from the viewer; `slope_u` and `slope_v` are that face's depth
    change per pixel rightward and downward; `normal` holds the x, y and z
    planes of its unit normal in camera axes, turned toward the viewer. All of
    them are 0 on background.
    """

    triangle: Ints
    depth: Floats32
    slope_u: Floats32
    slope_v: Floats32
    normal: Floats32


def _rasterise(screen: Screen, faces: Ints, frame: int) -> _Raster:
    """Nearest face under every pixel centre of a `frame` x `frame` picture."""
    u, v, z = screen
    index = [np.ascontiguousarray(faces[:, k]) for k in range(3)]
    cu = (u[index[0]], u[index[1]], u[index[2]])
    cv = (v[index[0]], v[index[1]], v[index[2]])
    box = np.stack(  # first and last pixel column and row each face's bounding box holds
        [
            np.maximum(np.ceil(np.minimum(np.minimum(cu[0], cu[1]), cu[2])), 0),
            np.minimum(np.floor(np.maximum(np.maximum(cu[0], cu[1]), cu[2])), frame - 1),
            np.maximum(np.ceil(np.minimum(np.minimum(cv[0], cv[1]), cv[2])), 0),
            np.minimum(np.floor(np.maximum(np.maximum(cv[0], cv[1]), cv[2])), frame - 1),
        ]
    ).astype(np.int64)
    # A face whose bounding box holds no pixel centre cannot cover one.
    candidates = np.flatnonzero((box[0] <= box[1]) & (box[2] <= box[3]))
    box = box[:, candidates]
    box_pixels = (box[1] - box[0] + 1) * (box[3] - box[2] + 1)

    # Depth packed above the face index: one minimum per pixel picks both.
    face_bits = max(1, (len(faces) - 1).bit_length())
    depth_steps = float(2 ** (63 - face_bits) - 1)
    depth_scale = depth_steps / max(float(z.max()), 1.0)
    planes = np.zeros((3, len(faces)))  # depth = a * col + b * row + c, per face
    nearest = np.full(frame * frame, np.iinfo(np.uint64).max, dtype=np.uint64)
    splits = np.searchsorted(
        np.cumsum(box_pixels), np.arange(_FRAGMENT_BUDGET, box_pixels.sum(), _FRAGMENT_BUDGET)
    )
    for batch in np.split(np.arange(len(candidates)), splits):
        chosen = candidates[batch]
        corner_z = (z[index[0][chosen]], z[index[1][chosen]], z[index[2][chosen]])
        face, col, row, plane = _cover(
            tuple(c[chosen] for c in cu), tuple(c[chosen] for c in cv), corner_z, box[:, batch]
        )
        planes[:, chosen] = plane
        depth = plane[0][face] * col + plane[1][face] * row + plane[2][face]
        quantised = np.clip(depth * depth_scale, 0.0, depth_steps).astype(np.uint64)
        keys = (quantised << np.uint64(face_bits)) | chosen[face].astype(np.uint64)
        np.minimum.at(nearest, row * frame + col, keys)

    pixel = np.flatnonzero(nearest != np.iinfo(np.uint64).max)
    triangle = (nearest[pixel] & np.uint64((1 << face_bits) - 1)).astype(np.int64)
    slope_u, slope_v, offset = planes[:, triangle]
    facing = 1.0 / np.sqrt(1.0 + slope_u**2 + slope_v**2)  # normal is (slope_u, -slope_v, -1)
    depth = slope_u * (pixel % frame) + slope_v * (pixel // frame) + offset
    flat = np.zeros((6, frame * frame), dtype=np.float32)
    flat[:, pixel] = [depth, slope_u, slope_v, slope_u * facing, -slope_v * facing, -facing]
    images = flat.reshape(6, frame, frame)
    under = np.full(frame * frame, -1, dtype=np.int64)
    under[pixel] = triangle
    return _Raster(
        triangle=under.reshape(frame, frame),
        depth=images[0],
        slope_u=images[1],
        slope_v=images[2],
        normal=images[3:],
    )


def _cover(cu: Corners, cv: Corners, cz: Corners, box: Ints) -> tuple[Ints, Ints, Ints, Floats]:
    """Pixel centres a batch of faces covers, and each face's depth plane.

    Args:
        cu: column of each face's three corners.
        cv: row of each face's three corners.
        cz: depth of each face's three corners.
        box: (4, k) first and last column and row of each face's bounding box.

    Returns:
        `face`, `col`, `row` for every covered pixel centre (`face` indexes the
        batch), and the faces' planes (3, k): depth = a * col + b * row + c.

    A centre is covered when it lies on the inner side of all three edges,
    whichever way the face is wound; centres exactly on a shared edge go to
    both faces, so no cracks open between them. Faces seen edge-on cover nothing.
    """
    du1, du2, dv1, dv2 = cu[1] - cu[0], cu[2] - cu[0], cv[1] - cv[0], cv[2] - cv[0]
    dz1, dz2 = cz[1] - cz[0], cz[2] - cz[0]
    area2 = du1 * dv2 - dv1 * du2
    seen = area2 != 0.0
    safe = np.where(seen, area2, 1.0)
    slope_u = (dz1 * dv2 - dz2 * dv1) / safe
    slope_v = (dz2 * du1 - dz1 * du2) / safe
    plane = np.stack([slope_u, slope_v, cz[0] - slope_u * cu[0] - slope_v * cv[0]])
    # Edge a -> b as a half-plane: inside where along * col + across * row + at >= 0.
    sign = np.sign(area2)
    edges = []
    for a, b in ((0, 1), (1, 2), (2, 0)):
        along, across = (cv[a] - cv[b]) * sign, (cu[b] - cu[a]) * sign
        edges.append((along, across, -(along * cu[a] + across * cv[a])))

    rows_per_face = np.where(seen, box[3] - box[2] + 1, 0)
    face = np.repeat(np.arange(len(area2)), rows_per_face)
    row = np.arange(len(face)) - np.repeat(np.cumsum(rows_per_face) - rows_per_face, rows_per_face)
    row += box[2][face]
    first = box[0][face].astype(np.float64)
    last = box[1][face].astype(np.float64)
    empty = np.zeros(len(face), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for along, across, at in edges:
            slope = along[face]
            offset = across[face] * row + at[face]
            cut = -offset / slope
            np.maximum(first, np.where(slope > 0.0, np.ceil(cut - 1e-7), -np.inf), out=first)
            np.minimum(last, np.where(slope < 0.0, np.floor(cut + 1e-7), np.inf), out=last)
            empty |= (slope == 0.0) & (offset < -1e-7)
    count = np.where(empty | ~(first <= last), 0, last - first + 1).astype(np.int64)
    start = np.where(count > 0, first, 0).astype(np.int64)
    col = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count - start, count)
    return np.repeat(face, count), col, np.repeat(row, count), plane


def _shade(raster: _Raster) -> Floats32:
    """Colour planes (3, h, w) in 0..1: headlight, key light, ambient, soft highlight."""
    picture = np.empty((3, *raster.triangle.shape), dtype=np.float32)
    picture[:] = _BACKGROUND[:, None, None]
    hit = raster.triangle >= 0
    nx, ny, nz = raster.normal[0][hit], raster.normal[1][hit], raster.normal[2][hit]
    key = nx * _KEY_LIGHT[0] + ny * _KEY_LIGHT[1] + nz * _KEY_LIGHT[2]
    gloss = np.maximum(nx * _HALFWAY[0] + ny * _HALFWAY[1] + nz * _HALFWAY[2], 0.0) ** _SHININESS
    light = _AMBIENT - _HEADLIGHT * nz + _KEY * np.maximum(key, 0.0)
    for channel in range(3):
        picture[channel][hit] = np.minimum(_PART[channel] * light + _SPECULAR * gloss, 1.0)
    return picture


def _outlines(raster: _Raster) -> npt.NDArray[np.bool_]:
    """Pixels on a silhouette, a crease or a depth step, on both sides of it."""
    hit = raster.triangle >= 0
    normal, depth = raster.normal, raster.depth
    line = np.zeros(hit.shape, dtype=bool)
    for axis, slope in ((1, raster.slope_u), (0, raster.slope_v)):
        # `a` is every pixel but the last along the axis, `b` its next neighbour.
        a = (slice(None), slice(None, -1)) if axis else (slice(None, -1), slice(None))
        b = (slice(None), slice(1, None)) if axis else (slice(1, None), slice(None))
        cosine = sum(normal[k][a] * normal[k][b] for k in range(3))
        # How far each neighbour sits off the other's plane, in pixels of depth.
        step = np.minimum(
            np.abs(depth[b] - depth[a] - slope[a]), np.abs(depth[a] - depth[b] + slope[b])
        )
        edge = hit[a] != hit[b]
        edge |= (
            hit[a]
            & hit[b]
            & (raster.triangle[a] != raster.triangle[b])
            & ((cosine < _CREASE_COS) | (step > _DEPTH_JUMP))
        )
        line[a] |= edge
        line[b] |= edge
    return line


#: How the picture writes each unit after the numbers.
UNIT_SYMBOLS: dict[Unit, str] = {"mm": "mm", "inch": "in", "m": "m"}


def _dimensions_text(extents: Floats, units: Unit = "mm") -> str:
    """The bounding box (extents in mm) as "120 x 80 x 25.4 mm", or in `units`."""

    def number(size: float) -> str:
        digits = 1 if size >= 10 else 2 if size >= 0.1 else 3
        return f"{size:.{digits}f}".rstrip("0").rstrip(".")

    scale = MM_PER_UNIT[units]
    sides = " x ".join(number(float(side) / scale) for side in extents)
    return f"{sides} {UNIT_SYMBOLS[units]}"


@lru_cache(maxsize=8)
def _font(pixels: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at a pixel size (a bitmap font without FreeType)."""
    try:
        return ImageFont.load_default(size=pixels)
    except ImportError:
        return ImageFont.load_default_imagefont()


def _label(image: Image.Image, text: str, *, centred: bool) -> None:
    """Write grey text in the bottom-left corner or the middle of the picture."""
    font = _font(max(10, image.width // 34))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    if centred:
        x = (image.width - (right - left)) / 2 - left
        y = (image.height - (bottom - top)) / 2 - top
    else:
        x = y = image.width // 40  # margin
        x, y = x - left, image.height - y - bottom
    draw.text((x, y), text, fill=_LABEL_RGB, font=font)
