"""A picture of one nested build: its parts' boxes in the build volume, seen from a corner.

For the staff console and a build's traveller. The image carries no words, only the fill and
the height used as numbers, so it needs no translation. Each part id keeps one colour within
a build (copies of a part look alike); the volume is drawn as a wire box, the spacing inside it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from planning.nesting import Build, BuildVolume

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Square and 900 px wide at the saved resolution: legible in the console and on A4.
FIGURE_INCHES = 6.0
DPI = 150
#: The six faces of a unit box as corner indices, corners numbered by bits (x, y, z).
_FACES = ((0, 1, 3, 2), (4, 5, 7, 6), (0, 1, 5, 4), (2, 3, 7, 6), (0, 2, 6, 4), (1, 3, 7, 5))


def build_preview(build: Build, volume: BuildVolume) -> bytes:
    """A PNG of `build`'s boxes inside `volume`, with its fill and height used as a caption."""
    # Imported here so `import planning` stays light; the Agg canvas needs no display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415

    figure = preview_figure(build, volume)
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def preview_figure(build: Build, volume: BuildVolume) -> Figure:
    """The picture as a matplotlib figure (see `build_preview`)."""
    from matplotlib import colormaps  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection  # noqa: PLC0415

    figure = Figure(figsize=(FIGURE_INCHES, FIGURE_INCHES), dpi=DPI, layout="constrained")
    axes = figure.add_subplot(projection="3d")
    palette = colormaps["tab20"]
    colour_of = {part: palette(i % 20) for i, part in enumerate(_part_ids(build))}
    faces, colours = [], []
    for placement in build.placements:
        for face in box_faces(placement.position_mm, placement.size_mm):
            faces.append(face)
            colours.append(colour_of[placement.part_id])
    axes.add_collection3d(
        Poly3DCollection(faces, facecolors=colours, edgecolors="#333333", linewidths=0.2)
    )
    for face in box_faces((0.0, 0.0, 0.0), volume.size):
        xs, ys, zs = zip(*(*face, face[0]), strict=True)
        axes.plot(xs, ys, zs, color="#777777", linewidth=0.6)
    axes.set_xlim(0, volume.x_mm)
    axes.set_ylim(0, volume.y_mm)
    axes.set_zlim(0, volume.z_mm)
    axes.set_box_aspect(volume.size)
    axes.set_title(
        f"{build.fill:.1%}  ·  {build.fill_by_height:.1%} / {build.height_used_mm:.0f} mm"
    )
    return figure


def box_faces(
    corner: tuple[float, float, float], size: tuple[float, float, float]
) -> list[list[tuple[float, float, float]]]:
    """The six faces of the box at `corner` (min corner, mm) with `size`, four corners each."""
    corners = [
        (
            corner[0] + size[0] * (bits & 1),
            corner[1] + size[1] * (bits >> 1 & 1),
            corner[2] + size[2] * (bits >> 2 & 1),
        )
        for bits in range(8)
    ]
    return [[corners[i] for i in face] for face in _FACES]


def _part_ids(build: Build) -> list[str]:
    """The build's part ids in order of first placement (a stable colour order)."""
    return list(dict.fromkeys(placement.part_id for placement in build.placements))
