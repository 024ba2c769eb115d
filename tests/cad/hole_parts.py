"""Parts with drilled holes, built with OpenCASCADE (OCP) and meshed several ways.

Run as a separate process (`python -m tests.cad.hole_parts OUTDIR`): OCP and
cascadio each bundle their own OpenCASCADE, which must not meet in one process.
Writes, per part, `<name>.step`, `<name>.coarse.stl` (few facets per circle),
`<name>.fine.stl` (many; the large plate also `.finest.stl`), `<name>.free.stl`
(unstructured: Delaunay meshing with interior vertices on curved faces) and
`holes.json` with the holes each part has by construction.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from OCP.BRepAdaptor import BRepAdaptor_Curve
from OCP.BRepBuilderAPI import BRepBuilderAPI_Transform
from OCP.BRepFilletAPI import BRepFilletAPI_MakeChamfer, BRepFilletAPI_MakeFillet
from OCP.BRepMesh import BRepMesh_IncrementalMesh
from OCP.BRepPrimAPI import BRepPrimAPI_MakeCone
from OCP.BRepTools import BRepTools
from OCP.GeomAbs import GeomAbs_Circle
from OCP.gp import gp_Ax1, gp_Ax2, gp_Dir, gp_Pnt, gp_Trsf
from OCP.IMeshTools import IMeshTools_MeshAlgoType_Delabella, IMeshTools_Parameters
from OCP.STEPControl import STEPControl_AsIs, STEPControl_Writer
from OCP.StlAPI import StlAPI_Writer
from OCP.TopAbs import TopAbs_EDGE
from OCP.TopExp import TopExp_Explorer
from OCP.TopoDS import TopoDS, TopoDS_Shape

from tests.cad.build_parts import box, cut, cylinder, fuse
from tests.cad.truth import HoleTruth


def hole(
    diameter: float,
    depth: float,
    through: bool,
    *,
    count: int = 1,
    axis: tuple[float, float, float] = (0.0, 0.0, 1.0),
    counterbore: tuple[float, float] | None = None,
) -> HoleTruth:
    return {
        "diameter": diameter,
        "depth": depth,
        "through": through,
        "count": count,
        "axis": axis,
        "counterbore": counterbore,
    }


def drill(
    part: TopoDS_Shape, diameter: float, at: tuple[float, float], top: float, depth: float
) -> TopoDS_Shape:
    """A flat-bottomed hole drilled straight down from z = `top` at (x, y) = `at`."""
    return cut(part, cylinder(diameter / 2, depth, at=(at[0], at[1], top - depth)))


def filleted_vertical_edges(shape: TopoDS_Shape, radius: float) -> TopoDS_Shape:
    """`shape` with every edge parallel to Z rounded."""
    fillet = BRepFilletAPI_MakeFillet(shape)
    explorer = TopExp_Explorer(shape, TopAbs_EDGE)
    while explorer.More():
        edge = TopoDS.Edge(explorer.Current())
        curve = BRepAdaptor_Curve(edge)
        a = curve.Value(curve.FirstParameter())
        b = curve.Value(curve.LastParameter())
        if abs(a.X() - b.X()) < 1e-9 and abs(a.Y() - b.Y()) < 1e-9:
            fillet.Add(radius, edge)
        explorer.Next()
    return fillet.Shape()


def chamfered_circles(shape: TopoDS_Shape, size: float) -> TopoDS_Shape:
    """`shape` with every circular edge (a hole's mouths) chamfered by `size`."""
    chamfer = BRepFilletAPI_MakeChamfer(shape)
    explorer = TopExp_Explorer(shape, TopAbs_EDGE)
    while explorer.More():
        edge = TopoDS.Edge(explorer.Current())
        if BRepAdaptor_Curve(edge).GetType() == GeomAbs_Circle:
            chamfer.Add(size, edge)
        explorer.Next()
    return chamfer.Shape()


def rotated(shape: TopoDS_Shape, axis: tuple[float, float, float], degrees: float) -> TopoDS_Shape:
    turn = gp_Trsf()
    turn.SetRotation(gp_Ax1(gp_Pnt(0, 0, 0), gp_Dir(*axis)), math.radians(degrees))
    return BRepBuilderAPI_Transform(shape, turn, True).Shape()


def rotate_vector(
    vector: tuple[float, float, float], axis: tuple[float, float, float], degrees: float
) -> tuple[float, float, float]:
    """Rodrigues' rotation, the same turn `rotated` applies to a shape."""
    k = [c / math.sqrt(sum(a * a for a in axis)) for c in axis]
    v = list(vector)
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    cross = [k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]]
    dot = sum(a * b for a, b in zip(k, v, strict=True))
    x, y, z = (v[i] * c + cross[i] * s + k[i] * dot * (1 - c) for i in range(3))
    return (x, y, z)


def parts() -> dict[str, tuple[TopoDS_Shape, list[HoleTruth]]]:
    """Each part with the holes it has by construction."""
    tapped = box(80, 60, 10)
    for x, y in ((10, 10), (70, 10), (10, 50), (70, 50)):
        tapped = drill(tapped, 4.2, (x, y), top=10, depth=10)
    tapped = drill(tapped, 6.8, (40, 30), top=10, depth=10)
    for x in (30, 50):
        tapped = drill(tapped, 2.5, (x, 15), top=10, depth=6)

    tilted = box(50, 40, 8, at=(-25, -20, 0))
    tilted = drill(tilted, 6.0, (-12, 0), top=8, depth=8)
    tilted = drill(tilted, 5.0, (12, 0), top=8, depth=5)
    turn_axis, turn_degrees = (1.0, 0.6, 0.2), 37.0
    tilted = rotated(tilted, turn_axis, turn_degrees)
    tilted_axis = rotate_vector((0.0, 0.0, 1.0), turn_axis, turn_degrees)

    deep = drill(box(20, 20, 40), 2.0, (10, 10), top=40, depth=30)

    counterbored = drill(box(40, 40, 12), 5.5, (20, 20), top=12, depth=12)
    counterbored = drill(counterbored, 10.0, (20, 20), top=12, depth=5)

    # A 118° drill point below a Ø6.8 × 15 wall: the cone must close the hole, not open it.
    pointed = box(30, 30, 30)
    tip = 3.4 / math.tan(math.radians(59))
    pointed = cut(pointed, cylinder(3.4, 15, at=(15, 15, 15)))
    cone = BRepPrimAPI_MakeCone(gp_Ax2(gp_Pnt(15, 15, 15 - tip), gp_Dir(0, 0, 1)), 0.0, 3.4, tip)
    pointed = cut(pointed, cone.Shape())

    crossed = box(30, 30, 30)
    crossed = cut(crossed, cylinder(4, 30, at=(15, 15, 0)))
    crossed = cut(crossed, cylinder(3, 30, at=(0, 15, 12), axis=(1, 0, 0)))

    # Nothing here is a hole: an outer round, a boss, a pocket with round corners.
    pocket = filleted_vertical_edges(box(30, 20, 10, at=(15, 10, 10)), 4.0)
    rounded = filleted_vertical_edges(box(60, 40, 20), 6.0)
    rounded = fuse(cut(rounded, pocket), cylinder(6, 10, at=(8, 8, 20)))

    tube = cut(cylinder(10, 50), cylinder(8, 50))

    # A through slot's round ends are two half circles, not a hole; the Ø6 beside it is.
    slot = fuse(box(14, 6, 8, at=(13, 12, 0)), cylinder(3, 8, at=(13, 15, 0)))
    slotted = cut(box(60, 30, 8), fuse(slot, cylinder(3, 8, at=(27, 15, 0))))
    slotted = drill(slotted, 6.0, (45, 15), top=8, depth=8)

    # Hair-thin facets (meshed "finest") far across a large part: float32 rounding
    # of the coordinates once drowned their bends and broke each wall into slivers.
    large = box(500, 400, 10)
    for x, y in ((480, 380), (470, 380), (480, 370), (470, 370)):
        large = drill(large, 4.2, (x, y), top=10, depth=10)
    # An O-ring groove Ø14 × 3 half-way down a Ø10 bore (only 1.4 × its width, so a ray
    # along the axis at 0.7 of its radius passes the bore's rim): a groove, not a hole.
    grooved = drill(box(30, 30, 30), 10.0, (15, 15), top=30, depth=30)
    grooved = cut(grooved, cylinder(7, 3, at=(15, 15, 13.5)))
    # An annular face groove, Ø17.5 outside, Ø12 island: its outer wall is a concave
    # cylinder going all the way round, but with material in the middle (Ø17.5 would
    # read as M20's tap drill).
    face_grooved = cut(box(40, 40, 15), cylinder(8.75, 3, at=(20, 20, 12)))
    face_grooved = fuse(face_grooved, cylinder(6, 3, at=(20, 20, 12)))
    # A Ø6 side hole drilled to the axis of a Ø10 one: it breaks out into the Ø10 (open
    # there), and its wall is 16 mm long at its longest line.
    tee = cut(box(40, 40, 40), cylinder(5, 40, at=(20, 20, 0)))
    tee = cut(tee, cylinder(3, 20, at=(0, 20, 20), axis=(1, 0, 0)))
    # A Ø8.5 blind hole (M10's tap drill) with a Ø11 × 3 thread relief at its floor: the
    # wider bore is at the closed end, so it is no counterbore and the hole may be tapped.
    relieved = drill(box(30, 30, 30), 8.5, (15, 15), top=30, depth=20)
    relieved = cut(relieved, cylinder(5.5, 3, at=(15, 15, 10)))
    x_axis = (1.0, 0.0, 0.0)
    return {
        "tapped_plate": (
            tapped,
            [hole(4.2, 10, True, count=4), hole(6.8, 10, True), hole(2.5, 6, False, count=2)],
        ),
        "tilted_plate": (
            tilted,
            [hole(6.0, 8, True, axis=tilted_axis), hole(5.0, 5, False, axis=tilted_axis)],
        ),
        "deep_hole": (deep, [hole(2.0, 30, False)]),
        "counterbored": (counterbored, [hole(5.5, 12, True, counterbore=(10.0, 5.0))]),
        "drill_point": (pointed, [hole(6.8, 15, False)]),
        "cross_drilled": (crossed, [hole(8.0, 30, True), hole(6.0, 30, True, axis=x_axis)]),
        "rounded_block": (rounded, []),
        "tube": (tube, [hole(16.0, 50, True)]),
        "slotted_plate": (slotted, [hole(6.0, 8, True)]),
        # The depth is the cylindrical wall's: 10 mm less the two 1 mm chamfers.
        "chamfered_hole": (
            chamfered_circles(cut(box(40, 40, 10), cylinder(4, 10, at=(20, 20, 0))), 1.0),
            [hole(8.0, 8, True)],
        ),
        "large_plate": (large, [hole(4.2, 10, True, count=4)]),
        "side_drilled": (
            drill_side(box(40, 20, 20)),
            [hole(4.2, 12, False, axis=(0.0, -1.0, 0.0))],
        ),
        "grooved_bore": (grooved, [hole(10.0, 30, True)]),
        "face_groove": (face_grooved, []),
        "t_junction": (tee, [hole(10.0, 40, True), hole(6.0, 16, True, axis=x_axis)]),
        "thread_relief": (relieved, [hole(8.5, 20, False)]),
    }


def drill_side(block: TopoDS_Shape) -> TopoDS_Shape:
    """A blind Ø4.2 × 12 hole drilled from the -Y face."""
    return cut(block, cylinder(2.1, 12, at=(20, 0, 10), axis=(0, 1, 0)))


MESHINGS: dict[str, tuple[float, float]] = {
    # (linear deflection mm, angular deflection rad)
    "coarse": (0.05, 0.6),
    "fine": (0.002, 0.05),
}
#: Only the large plate is meshed this finely (300 facets round a Ø4.2 hole).
FINEST = (0.0005, 0.02)


def write_stl(shape: TopoDS_Shape, path: Path) -> None:
    stl = StlAPI_Writer()
    stl.ASCIIMode = False
    stl.Write(shape, str(path))


def mesh_free(shape: TopoDS_Shape) -> None:
    """Unstructured: Delaunay meshing with vertices inside curved faces, not just on rulings."""
    params = IMeshTools_Parameters()
    params.Deflection = 0.01
    params.Angle = 0.2
    params.InternalVerticesMode = True
    params.ControlSurfaceDeflection = True
    params.EnableControlSurfaceDeflectionAllSurfaces = True
    params.DeflectionInterior = 0.01
    params.AngleInterior = 0.2
    params.MeshAlgo = IMeshTools_MeshAlgoType_Delabella
    BRepMesh_IncrementalMesh(shape, params)


def main(out: Path) -> None:
    """Write every part as STEP and three STL meshings, and `holes.json`."""
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[HoleTruth]] = {}
    for name, (shape, holes) in parts().items():
        writer = STEPControl_Writer()
        writer.Transfer(shape, STEPControl_AsIs)
        writer.Write(str(out / f"{name}.step"))
        for meshing, (linear, angular) in MESHINGS.items():
            BRepTools.Clean_s(shape)
            BRepMesh_IncrementalMesh(shape, linear, False, angular, True)
            write_stl(shape, out / f"{name}.{meshing}.stl")
        BRepTools.Clean_s(shape)
        mesh_free(shape)
        write_stl(shape, out / f"{name}.free.stl")
        if name == "large_plate":
            BRepTools.Clean_s(shape)
            BRepMesh_IncrementalMesh(shape, FINEST[0], False, FINEST[1], True)
            write_stl(shape, out / f"{name}.finest.stl")
        truth[name] = holes
    (out / "holes.json").write_text(json.dumps(truth, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
