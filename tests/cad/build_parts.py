"""Build reference parts with an independent CAD kernel (OpenCASCADE via OCP).

Run as a separate process (`python -m tests.cad.build_parts OUTDIR`): OCP and
cascadio each bundle their own OpenCASCADE, which must not meet in one process.
Writes `<name>.step` and `<name>.stl` per part and `parts.json` with the
analytic truth the geometry engine is checked against.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path

from OCP.BRep import BRep_Builder
from OCP.BRepAlgoAPI import BRepAlgoAPI_Cut, BRepAlgoAPI_Fuse
from OCP.BRepBuilderAPI import BRepBuilderAPI_Transform
from OCP.BRepMesh import BRepMesh_IncrementalMesh
from OCP.BRepPrimAPI import BRepPrimAPI_MakeBox, BRepPrimAPI_MakeCylinder, BRepPrimAPI_MakeSphere
from OCP.gp import gp_Ax2, gp_Dir, gp_Pnt, gp_Trsf, gp_Vec
from OCP.STEPControl import STEPControl_AsIs, STEPControl_Writer
from OCP.StlAPI import StlAPI_Writer
from OCP.TopoDS import TopoDS_Compound, TopoDS_Shape

from tests.cad.truth import PartTruth


def box(x: float, y: float, z: float, at: tuple[float, float, float] = (0, 0, 0)) -> TopoDS_Shape:
    return BRepPrimAPI_MakeBox(gp_Pnt(*at), x, y, z).Shape()


def cylinder(
    r: float,
    h: float,
    at: tuple[float, float, float] = (0, 0, 0),
    axis: tuple[float, float, float] = (0, 0, 1),
) -> TopoDS_Shape:
    return BRepPrimAPI_MakeCylinder(gp_Ax2(gp_Pnt(*at), gp_Dir(*axis)), r, h).Shape()


def cut(a: TopoDS_Shape, b: TopoDS_Shape) -> TopoDS_Shape:
    return BRepAlgoAPI_Cut(a, b).Shape()


def fuse(a: TopoDS_Shape, b: TopoDS_Shape) -> TopoDS_Shape:
    return BRepAlgoAPI_Fuse(a, b).Shape()


def compound(*shapes: TopoDS_Shape) -> TopoDS_Shape:
    builder = BRep_Builder()
    result = TopoDS_Compound()
    builder.MakeCompound(result)
    for shape in shapes:
        builder.Add(result, shape)
    return result


def moved(shape: TopoDS_Shape, dx: float, dy: float, dz: float) -> TopoDS_Shape:
    transform = gp_Trsf()
    transform.SetTranslation(gp_Vec(dx, dy, dz))
    return BRepBuilderAPI_Transform(shape, transform, True).Shape()


def parts() -> dict[str, tuple[TopoDS_Shape, PartTruth]]:
    """Each reference part with its analytic truth (mm, mm^3)."""
    pi = math.pi
    plate = box(60, 40, 3)
    for cx, cy in ((15, 20), (45, 20)):
        plate = cut(plate, cylinder(5, 3, at=(cx, cy, 0)))
    return {
        "block": (
            box(40, 30, 20),
            {"volume": 24000, "bbox": (40, 30, 20), "bodies": 1, "voids": 0, "wall": 20},
        ),
        "hollow_box": (
            cut(box(40, 40, 40), box(36, 36, 36, at=(2, 2, 2))),
            {
                "volume": 40**3 - 36**3,
                "bbox": (40, 40, 40),
                "bodies": 1,
                "voids": 1,
                "void_volume": 36**3,
                "wall": 2,
            },
        ),
        "tube": (
            cut(cylinder(10, 50), cylinder(8, 50)),
            {
                "volume": pi * (100 - 64) * 50,
                "bbox": (20, 20, 50),
                "bodies": 1,
                "voids": 0,
                "wall": 2,
            },
        ),
        "plate_with_holes": (
            plate,
            {
                "volume": 60 * 40 * 3 - 2 * pi * 25 * 3,
                "bbox": (60, 40, 3),
                "bodies": 1,
                "voids": 0,
                "wall": 3,
            },
        ),
        "two_blocks": (
            compound(box(10, 10, 10), moved(box(20, 10, 5), 30, 0, 0)),
            {"volume": 1000 + 1000, "bbox": (50, 10, 10), "bodies": 2, "voids": 0, "wall": 5},
        ),
        "sphere": (
            BRepPrimAPI_MakeSphere(gp_Pnt(0, 0, 0), 15).Shape(),
            {
                "volume": 4 / 3 * pi * 15**3,
                "bbox": (30, 30, 30),
                "bodies": 1,
                "voids": 0,
                "wall": 30,
            },
        ),
        "bracket": (
            fuse(box(50, 30, 4), box(4, 30, 40)),
            {
                "volume": 50 * 30 * 4 + 4 * 30 * 36,
                "bbox": (50, 30, 40),
                "bodies": 1,
                "voids": 0,
                "wall": 4,
            },
        ),
    }


def write(shape: TopoDS_Shape, step_path: Path, stl_path: Path) -> None:
    writer = STEPControl_Writer()
    writer.Transfer(shape, STEPControl_AsIs)
    writer.Write(str(step_path))
    BRepMesh_IncrementalMesh(shape, 0.002, False, 0.05, True)
    stl = StlAPI_Writer()
    stl.ASCIIMode = False
    stl.Write(shape, str(stl_path))


def write_all(out: Path, shapes: Mapping[str, tuple[TopoDS_Shape, object]], truth: str) -> None:
    """Write each shape as `<name>.step` and `<name>.stl` into `out`, its facts into `truth`."""
    out.mkdir(parents=True, exist_ok=True)
    facts: dict[str, object] = {}
    for name, (shape, known) in shapes.items():
        write(shape, out / f"{name}.step", out / f"{name}.stl")
        facts[name] = known
    (out / truth).write_text(json.dumps(facts, indent=1))


def main(out: Path) -> None:
    """Write every reference part as STEP and STL, and their truth, into `out`."""
    write_all(out, parts(), "parts.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
