"""The part preview a customer sees in chat: `geometry.render.render_thumbnail`."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import trimesh
from PIL import Image

from geometry.render import render_thumbnail
from tests.test_geometry.shapes import joined

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def picture(png: bytes) -> npt.NDArray[np.uint8]:
    """Decode PNG bytes to an (h, w, 3) array."""
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGB"))


def part_mask(rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Pixels that are not the white background."""
    mask: npt.NDArray[np.bool_] = rgb.min(axis=2) < 245
    return mask


def plain(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """The mesh as a loader with `process=False` would hand it over."""
    return trimesh.Trimesh(mesh.vertices.copy(), mesh.faces.copy(), process=False)


def load(path: Path) -> trimesh.Trimesh:
    """A customer file, loaded the way the quoting pipeline loads it."""
    return plain(trimesh.load_mesh(path))


def cube() -> trimesh.Trimesh:
    """A 20 mm cube, wound outward."""
    return plain(trimesh.creation.box((20.0, 20.0, 20.0)))


def render(
    mesh: trimesh.Trimesh | tuple[npt.ArrayLike, npt.ArrayLike], size: int = 256
) -> npt.NDArray[np.uint8]:
    """Render without the dimension label, so pixels are geometry only."""
    return picture(render_thumbnail(mesh, size, dimensions=False))


def test_thumbnail_is_a_png_of_the_requested_size() -> None:
    png = render_thumbnail(cube())

    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGB", (512, 512))
    assert picture(render_thumbnail(cube(), 200)).shape == (200, 200, 3)


def test_cube_is_a_blob_centred_in_the_frame_filling_most_of_it() -> None:
    mask = part_mask(render(cube()))
    rows, cols = np.nonzero(mask)

    assert abs(rows.mean() - 128) < 3 and abs(cols.mean() - 128) < 3
    height, width = np.ptp(rows) + 1, np.ptp(cols) + 1
    assert 0.8 * 256 < max(height, width) < 0.9 * 256
    assert mask[128, 128] and not mask[0, 0] and not mask[-1, -1]


def test_cube_shows_three_faces_in_three_distinct_shades() -> None:
    rgb = render(cube())
    colours, counts = np.unique(rgb[part_mask(rgb)], axis=0, return_counts=True)
    top_three = colours[np.argsort(counts)[-3:]].astype(float)
    share = np.sort(counts)[-3:].sum() / counts.sum()
    brightness = np.sort(top_three.mean(axis=1))

    assert share > 0.85, "three flat faces make up the cube's picture"
    assert np.diff(brightness).min() > 15, f"faces too alike: {brightness}"


def test_sphere_outline_is_a_circle_spanning_the_frame() -> None:
    sphere = plain(trimesh.creation.icosphere(subdivisions=4, radius=30.0))
    mask = part_mask(render(sphere))
    rows, cols = np.nonzero(mask)
    height, width = np.ptp(rows) + 1, np.ptp(cols) + 1

    assert abs(height - width) <= 2
    assert mask.sum() / (height * width) == pytest.approx(np.pi / 4, abs=0.02)
    assert mask.mean() == pytest.approx(np.pi / 4 * 0.85**2, rel=0.05)


def test_inverted_winding_renders_the_same_picture() -> None:
    outward = cube()
    inward = trimesh.Trimesh(outward.vertices, outward.faces[:, ::-1], process=False)

    assert np.array_equal(render(inward), render(outward))


def test_inconsistent_winding_renders_the_same_picture(fixture_meshes: Path) -> None:
    part = load(fixture_meshes / "featuretype.STL")
    faces = part.faces.copy()
    faces[::2] = faces[::2, ::-1]
    broken = trimesh.Trimesh(part.vertices, faces, process=False)

    assert np.array_equal(render(broken), render(part))


def test_open_cube_renders_and_shows_its_inside() -> None:
    closed = cube()
    top = closed.face_normals[:, 2] > 0.5
    opened = trimesh.Trimesh(closed.vertices, closed.faces[~top], process=False)
    shut, open_ = render(closed), render(opened)

    assert np.array_equal(part_mask(open_), part_mask(shut)), "same silhouette"
    # Through the open top the far walls show, so the top face's flat shade is broken up.
    top_region = (slice(70, 110), slice(110, 146))
    assert len(np.unique(shut[top_region].reshape(-1, 3), axis=0)) == 1
    assert len(np.unique(open_[top_region].reshape(-1, 3), axis=0)) > 1


def test_two_bodies_render_as_two_blobs_side_by_side() -> None:
    left = trimesh.creation.box((10.0, 10.0, 10.0))
    left.apply_translation((20.0, -20.0, 0.0))  # toward screen left in the iso view
    right = trimesh.creation.box((10.0, 10.0, 10.0))
    right.apply_translation((-20.0, 20.0, 0.0))
    mask = part_mask(render(plain(joined([left, right]))))

    assert mask[:, :100].any() and mask[:, 156:].any()
    assert not mask[:, 118:138].any(), "a gap between the bodies"


def test_vertices_and_faces_render_like_the_trimesh() -> None:
    mesh = cube()

    assert np.array_equal(render((mesh.vertices.tolist(), mesh.faces.tolist())), render(mesh))


def test_faces_on_non_finite_vertices_are_skipped() -> None:
    mesh = cube()
    vertices = np.vstack([mesh.vertices, [[np.nan, 0.0, 0.0], [0.0, np.inf, 0.0]]])
    faces = np.vstack([mesh.faces, [[0, 8, 9]]])

    assert np.array_equal(render((vertices, faces)), render(mesh))


def test_dimensions_label_names_the_box_in_the_bottom_left_corner() -> None:
    labelled = picture(render_thumbnail(cube(), 256))
    bare = render(cube())
    differs = (labelled != bare).any(axis=2)
    rows, cols = np.nonzero(differs)

    assert differs.any()
    assert rows.min() > 0.85 * 256 and cols.max() < 0.6 * 256


def test_sheet_seen_edge_on_still_gives_a_picture() -> None:
    # A triangle in the plane x = y contains the view direction: it covers no pixel.
    sheet = (np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0], [0.0, 0.0, 10.0]]), [[0, 1, 2]])

    rgb = picture(render_thumbnail(sheet, 256))

    assert rgb.shape == (256, 256, 3)


def test_empty_mesh_is_refused_with_a_value_error() -> None:
    with pytest.raises(ValueError, match="no faces"):
        render_thumbnail((np.zeros((0, 3)), np.zeros((0, 3), dtype=int)))


def test_mesh_collapsed_to_a_point_is_refused_with_a_value_error() -> None:
    with pytest.raises(ValueError, match="single point"):
        render_thumbnail((np.ones((3, 3)), [[0, 1, 2]]))


def test_faces_pointing_past_the_vertices_are_refused() -> None:
    with pytest.raises(ValueError, match="do not exist"):
        render_thumbnail((np.eye(3), [[0, 1, 3]]))


def test_unreasonable_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        render_thumbnail(cube(), 8)


@pytest.mark.slow
def test_million_face_icosphere_renders_as_a_full_circle() -> None:
    sphere = trimesh.creation.icosphere(subdivisions=8, radius=50.0)
    assert len(sphere.faces) > 1_000_000

    mask = part_mask(render(plain(sphere), 512))

    assert mask.mean() == pytest.approx(np.pi / 4 * 0.85**2, rel=0.03)


EXAMPLES: dict[str, Callable[[Path], trimesh.Trimesh]] = {
    "cube": lambda _: cube(),
    "sphere": lambda _: plain(trimesh.creation.icosphere(subdivisions=4, radius=25.0)),
    "torus": lambda _: plain(trimesh.creation.torus(major_radius=30.0, minor_radius=9.0)),
    "featuretype": lambda folder: load(folder / "featuretype.STL"),
    "xyz_cube": lambda folder: load(folder / "20mm-xyz-cube.stl"),
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_parts_render_for_a_person_to_look_at(name: str, fixture_meshes: Path) -> None:
    """Writes tests/artifacts/render_<name>.png: open them to see the part is right."""
    png = render_thumbnail(EXAMPLES[name](fixture_meshes))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"render_{name}.png").write_bytes(png)

    mask = part_mask(picture(png))
    rows, cols = np.nonzero(mask)
    assert 0.8 * 512 < max(np.ptp(rows), np.ptp(cols)) + 1 < 0.92 * 512
