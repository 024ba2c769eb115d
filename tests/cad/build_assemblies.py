"""Build assemblies of several solids with OpenCASCADE (OCP): touching, overlapping, apart, buried.

Run as a separate process (`python -m tests.cad.build_assemblies OUTDIR`), like
`build_parts`. Each assembly is a compound of separate solids written as
`<name>.step` and `<name>.stl`; `assemblies.json` holds the truth by construction:
the body count, the volume of their union, whether any touch, and each body's
volume and box (sorted by volume).
"""

from __future__ import annotations

import sys
from pathlib import Path

from OCP.TopoDS import TopoDS_Shape

from tests.cad.build_parts import box, compound, write_all
from tests.cad.truth import AssemblyTruth, BodyTruth


def _truth(
    boxes: list[tuple[float, float, float]],
    union_volume: float,
    union_area: float,
    touching: bool,
) -> AssemblyTruth:
    detail = [BodyTruth(volume=x * y * z, bbox=sorted((x, y, z))) for x, y, z in boxes]
    detail.sort(key=lambda b: (b["volume"], b["bbox"]))
    return AssemblyTruth(
        bodies=len(boxes),
        union_volume=union_volume,
        union_area=union_area,
        touching=touching,
        detail=detail,
    )


def assemblies() -> dict[str, tuple[TopoDS_Shape, AssemblyTruth]]:
    """Each assembly with its truth."""
    return {
        # Two equal blocks stacked face to face: the bug the issue names (read as 1 body).
        "stacked": (
            compound(box(20, 20, 10), box(20, 20, 10, at=(0, 0, 10))),
            _truth([(20, 20, 10), (20, 20, 10)], 8000, 6 * 400, True),
        ),
        # A boss standing on a plate: touching faces of different size.
        "boss_on_plate": (
            compound(box(30, 30, 10), box(10, 10, 10, at=(10, 10, 10))),
            _truth([(30, 30, 10), (10, 10, 10)], 10000, 2 * 900 + 4 * 300 + 4 * 100, True),
        ),
        # Two blocks sharing a 10 mm cube of material.
        "overlapping": (
            compound(box(20, 20, 20), box(20, 20, 20, at=(10, 10, 10))),
            _truth([(20, 20, 20), (20, 20, 20)], 2 * 8000 - 1000, 2 * 2400 - 6 * 100, True),
        ),
        "apart": (
            compound(box(10, 10, 10), box(10, 20, 5, at=(20, 0, 0))),
            _truth([(10, 10, 10), (10, 20, 5)], 2000, 600 + 2 * (200 + 100 + 50), False),
        ),
        # A small block wholly inside a big one: a second body, not a void.
        "buried": (
            compound(box(30, 30, 30), box(10, 10, 10, at=(10, 10, 10))),
            _truth([(30, 30, 30), (10, 10, 10)], 27000, 6 * 900, True),
        ),
    }


def main(out: Path) -> None:
    """Write every assembly as STEP and STL, and their truth, into `out`."""
    write_all(out, assemblies(), "assemblies.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
