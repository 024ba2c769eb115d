"""Machining reference parts, each meshed several ways, with an independent CAD kernel (OCP).

Run as a separate process (`python -m tests.cad.reach_parts OUTDIR`): OCP and cascadio
each bundle their own OpenCASCADE, which must not meet in one process. Writes per part
`<name>.step` and `<name>.<meshing>.stl` for every meshing in `MESHINGS`, and
`reach.json` with what the part's construction says a 3-axis mill can do with it.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
from OCP.BRep import BRep_Tool
from OCP.BRepMesh import BRepMesh_IncrementalMesh
from OCP.BRepTools import BRepTools
from OCP.STEPControl import STEPControl_AsIs, STEPControl_Writer
from OCP.TopAbs import TopAbs_FACE, TopAbs_REVERSED
from OCP.TopExp import TopExp_Explorer
from OCP.TopLoc import TopLoc_Location
from OCP.TopoDS import TopoDS, TopoDS_Face, TopoDS_Shape

from tests.cad.build_parts import box, cut, cylinder, fuse
from tests.cad.remesh import FLIP_PASSES, remesh
from tests.cad.truth import REACH_MESHINGS, REACH_PARTS, SLANT_DEG, ReachTruth

#: name -> (linear deflection mm, angular deflection rad, flip passes of the unstructured
#: re-mesh: None keeps the kernel's structured mesh, 0 leaves the slivers of random point
#: insertion); the names are `REACH_MESHINGS`.
MESHINGS: dict[str, tuple[float, float, int | None]] = {
    "coarse": (0.2, 0.6, None),
    "fine": (0.01, 0.1, None),
    "unstructured": (0.05, 0.35, FLIP_PASSES),
    "unstructured_coarse": (0.2, 0.6, FLIP_PASSES),
    "slivers": (0.1, 0.5, 0),
}

#: Direction of the slanted hole, for the extra-direction test.
SLANT = (math.sin(math.radians(SLANT_DEG)), 0.0, math.cos(math.radians(SLANT_DEG)))


def _truth(
    setups: int, z_only: bool, unreachable: float = 0.0, undercut_z: float | None = 0.0
) -> ReachTruth:
    return {
        "setups": setups,
        "z_only": z_only,
        "unreachable_area_mm2": unreachable,
        "undercut_z_mm2": undercut_z,
    }


def cross_bore_left(bore: float, length: float, crossing: float) -> float:
    """Wall area (mm²) a vertical hole of radius `crossing` leaves of a horizontal bore.

    The bore has radius `bore` (< `crossing`) and `length`; the axes meet at its middle.
    A point at angle t round the bore lies inside the vertical hole over a length of
    2·sqrt(crossing² − (bore·cos t)²); integrated round the bore (a smooth periodic
    integrand: the trapezoid rule on a fine grid is exact to float precision).
    """
    t = np.linspace(0.0, 2.0 * math.pi, 4097)[:-1]
    inside = 2.0 * np.sqrt(crossing**2 - (bore * np.cos(t)) ** 2)
    return float(2.0 * math.pi * bore * length - bore * inside.mean() * 2.0 * math.pi)


def t_slot_hidden_area(length: float, neck: float, channel: float, height: float) -> float:
    """Area a straight line of sight can't reach in a T-slot closed at both ends (mm²).

    Under the flanges: their undersides, the channel floor below them, the channel's
    side walls and the parts of its end walls beside the neck.
    """
    flange = channel - neck
    return 2 * length * flange + 2 * length * height + 2 * flange * height


def parts() -> dict[str, tuple[TopoDS_Shape, ReachTruth]]:
    """Each part with what its construction says about reach (mm, mm²)."""
    block = box(40, 30, 20)
    z_hole = cylinder(5, 20, at=(20, 15, 0))
    x_hole = cylinder(4, 40, at=(0, 15, 10), axis=(1, 0, 0))
    t_slot = cut(
        cut(box(60, 40, 30), box(40, 8, 15, at=(10, 16, 15))), box(40, 20, 10, at=(10, 10, 5))
    )
    ribbed = box(60, 40, 5)
    for x in (10, 28, 46):
        ribbed = fuse(ribbed, box(4, 40, 15, at=(x, 0, 5)))
    # Through the block's centre, starting and ending well outside it: the drill's
    # round end faces must not leave a flat inside the block.
    slant_at = (20 - 20 * SLANT[0] / SLANT[2], 20, -10)
    slant = cylinder(4, 40 / SLANT[2], at=slant_at, axis=SLANT)
    return {
        "block_hole": (cut(block, z_hole), _truth(2, True)),
        "tube": (cut(cylinder(10, 40), cylinder(8, 40)), _truth(2, True)),
        # Top and bottom faced, the cross hole from the side: three set-ups.
        # Pulled along Z, the cross hole's bore is undercut but where the Z hole cut it.
        "cross_drilled": (
            cut(cut(block, z_hole), x_hole),
            _truth(3, False, undercut_z=cross_bore_left(4, 40, 5)),
        ),
        "t_slot": (t_slot, _truth(2, True, *[t_slot_hidden_area(40, 8, 20, 10)] * 2)),
        "slotted": (cut(box(50, 30, 20), box(50, 10, 8, at=(0, 10, 12))), _truth(2, True)),
        "ribbed": (ribbed, _truth(2, True)),
        "t_shape": (
            fuse(box(40, 30, 8, at=(0, 0, 22)), box(10, 30, 22, at=(15, 0, 0))),
            _truth(2, True),
        ),
        "pocket": (cut(box(50, 40, 20), box(30, 20, 10, at=(10, 10, 10))), _truth(2, True)),
        "slanted_hole": (cut(box(40, 40, 20), slant), _truth(3, False, undercut_z=None)),
        # A ring groove inside a bore: its sides and its floor are out of sight.
        "groove": (
            cut(
                cut(box(40, 40, 30), cylinder(5, 30, at=(20, 20, 0))),
                cylinder(9, 4, at=(20, 20, 12)),
            ),
            _truth(2, True, *[2 * math.pi * 9 * 4 + 2 * math.pi * (9**2 - 5**2)] * 2),
        ),
    }


def face_mesh(
    face: TopoDS_Face, rng: np.random.Generator, flips: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (v, 3) and outward-wound triangles (t, 3) of one meshed B-rep face."""
    location = TopLoc_Location()
    poly = BRep_Tool.Triangulation_s(face, location)
    transform = location.Transformation()
    nodes = [poly.Node(i + 1).Transformed(transform) for i in range(poly.NbNodes())]
    xyz = np.array([[p.X(), p.Y(), p.Z()] for p in nodes])
    tris = np.array([poly.Triangle(i + 1).Get() for i in range(poly.NbTriangles())]) - 1
    if flips is not None:
        uv = np.array([[q.X(), q.Y()] for q in (poly.UVNode(i + 1) for i in range(poly.NbNodes()))])
        surface = BRep_Tool.Surface_s(face)

        def evaluate(u: float, v: float) -> tuple[float, float, float]:
            p = surface.Value(u, v).Transformed(transform)
            return (p.X(), p.Y(), p.Z())

        xyz, tris = remesh(uv, xyz, tris, evaluate=evaluate, rng=rng, flip_passes=flips)
    if face.Orientation() == TopAbs_REVERSED:
        tris = tris[:, ::-1]
    return xyz, tris


def mesh_shape(
    shape: TopoDS_Shape, linear: float, angular: float, flips: int | None, seed: int
) -> np.ndarray:
    """Triangles (t, 3, 3) of the shape meshed with these deflections."""
    BRepTools.Clean_s(shape)
    BRepMesh_IncrementalMesh(shape, linear, False, angular, True)
    rng = np.random.default_rng(seed)
    triangles = []
    explorer = TopExp_Explorer(shape, TopAbs_FACE)
    while explorer.More():
        xyz, tris = face_mesh(TopoDS.Face(explorer.Current()), rng, flips)
        triangles.append(xyz[tris])
        explorer.Next()
    return np.concatenate(triangles)


def binary_stl(triangles: np.ndarray) -> bytes:
    """A binary STL of triangles (t, 3, 3), normals left for the reader to compute."""
    record = np.zeros(
        len(triangles), dtype=[("normal", "<f4", 3), ("corners", "<f4", (3, 3)), ("attr", "<u2")]
    )
    record["corners"] = triangles
    return b"\0" * 80 + np.uint32(len(triangles)).tobytes() + record.tobytes()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    built = parts()
    assert tuple(built) == REACH_PARTS and tuple(MESHINGS) == REACH_MESHINGS
    truth: dict[str, ReachTruth] = {}
    for seed, (name, (shape, facts)) in enumerate(built.items()):
        writer = STEPControl_Writer()
        writer.Transfer(shape, STEPControl_AsIs)
        writer.Write(str(out / f"{name}.step"))
        for meshing, (linear, angular, flips) in MESHINGS.items():
            triangles = mesh_shape(shape, linear, angular, flips, seed)
            (out / f"{name}.{meshing}.stl").write_bytes(binary_stl(triangles))
        truth[name] = facts
    (out / "reach.json").write_text(json.dumps(truth, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
