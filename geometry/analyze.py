"""The whole analysis: bytes and a name in, a `MeshReport` out."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import msgspec
import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds
from geometry.bodies import body_details, find_bodies, union_surface
from geometry.cylinders import FacetMesh
from geometry.detect import detect_format
from geometry.errors import TooLarge
from geometry.formats import read_triangles
from geometry.formats.step_cylinders import StepCylinders, read_step_cylinders
from geometry.holes import HoleFindings, find_holes, hole_directions
from geometry.hull import convex_hull_volume
from geometry.limits import DEFAULT_LIMITS, Limits
from geometry.machining import machinability_of, sampled_reach
from geometry.meshes import Mesh, Triangles
from geometry.moulding import undercut_in
from geometry.printability import best_orientation, orientations
from geometry.rays import RayScene, binding_module
from geometry.report import (
    MM_PER_UNIT,
    Axis,
    BodyDetail,
    Machinability,
    MeshReport,
    ReportWarning,
    Units,
    UnitsSource,
)
from geometry.solid import build_solid
from geometry.thickness import DEFAULT_THRESHOLDS_MM, Surface, surface_of, wall_thickness
from geometry.threads import thread_candidates
from geometry.topology import Solid, edge_topology
from geometry.units import suspect_units
from geometry.warnings import describe

#: What measuring needs beyond numpy, imported on a spare thread while the part is
#: read and welded (numpy's sorts release the GIL): in a fresh worker (a one-shot
#: command) these are about half a second of imports the load would otherwise wait
#: for. Modules on the load path import them only inside the functions that use them.
#: A warm forkserver has them all already, and then this costs nothing.
ENGINE_MODULES = ("scipy.sparse.csgraph", "scipy.spatial")
#: What reading any format but STL needs as well (STL has a reader of its own).
READER_MODULES = ("trimesh",)

T = TypeVar("T")

#: Bytes per triangle in binary STL: the file's size over this estimates the face
#: count, to pick the ray binding to import early (a wrong guess, e.g. for a
#: compressed 3MF, only means the scene imports its binding itself).
_STL_BYTES_PER_FACE = 50

#: The interpreter's thread switch interval (s) while the engine imports alongside
#: the load: the import thread holds the GIL for pure-Python work, and at the default
#: 5 ms the load thread waits up to that long after each numpy call to get it back.
_SWITCH_WHILE_IMPORTING_S = 0.0002


class Directions(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Which way the part is built (printing) and pulled from its mould (casting, moulding)."""

    build: Axis = "+Z"
    pull: Axis = "+Z"
    thin_wall_thresholds_mm: tuple[float, ...] = DEFAULT_THRESHOLDS_MM


DEFAULT_DIRECTIONS = Directions()


@dataclass
class LoadedPart:
    """A file read, repaired and scaled to millimetres, before measuring."""

    format: str
    units: Units
    units_source: UnitsSource
    solid: Solid
    warnings: list[ReportWarning]
    brep: StepCylinders | None = None  # a STEP file's exact cylinders, in its own unit
    brep_scale: float = 1.0  # mesh mm per B-rep mm (1 unless the caller overrode the unit)

    def mesh(self) -> Mesh:
        """The oriented mesh that is measured."""
        return Mesh(self.solid.vertices, self.solid.faces)


@dataclass
class Early:
    """Results computed on the second core while the part was being loaded."""

    scene: RayScene | None = None
    # Still running while the part is measured: only the report itself waits for it.
    hull: Future[float] | None = None  # the convex hull volume, mm³


def load_part(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    on_welded: Callable[[NDArray[np.float64], NDArray[np.int64]], None] | None = None,
    *,
    engine_imported: Callable[[], object] | None = None,
) -> LoadedPart:
    """Read, weld, orient and scale a CAD file to millimetres.

    Args:
        data: the file's bytes, untrusted.
        filename: the name it came with; its extension is only cross-checked.
        units: the unit the customer confirmed; overrides what the file says.
        limits: size limits for untrusted input.
        on_welded: see `build_solid`.
        engine_imported: waits until another thread has imported the engine's modules.
            Called before this thread imports any of them: two threads importing scipy's
            circular modules at once can fail with `_DeadlockError`. Only our own STL
            reader and the weld (numpy alone) run before it, alongside those imports.
    """
    if len(data) > limits.max_file_bytes:
        raise TooLarge(
            f"The file is {len(data) / 2**20:.0f} MB; we accept files up to "
            f"{limits.max_file_bytes / 2**20:.0f} MB."
        )
    fmt = detect_format(data, filename)
    if fmt != "stl" and engine_imported is not None:  # their readers import trimesh or cascadio
        engine_imported()
    raw = read_triangles(data, fmt, limits)
    source: UnitsSource
    if units is not None:
        unit, source = units, "caller"
    elif raw.units is not None:
        unit, source = raw.units, "file"
    else:
        unit, source = "mm", "assumed"
    scale = MM_PER_UNIT[unit]
    solid = build_solid(
        np.asarray(raw.triangles, dtype=np.float64) * scale if scale != 1.0 else raw.triangles,
        raw.vertex_count,
        on_welded,
        raw.body_ids,
        engine_imported=engine_imported or (lambda: None),
    )
    brep = read_step_cylinders(data) if fmt == "step" else None
    # cascadio converts STEP to metres; a caller's unit rescales those metres.
    brep_scale = scale / MM_PER_UNIT["m"] if raw.units == "m" else 1.0
    return LoadedPart(fmt, unit, source, solid, list(raw.warnings), brep, brep_scale)


def analyze(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    directions: Directions = DEFAULT_DIRECTIONS,
) -> MeshReport:
    """Measure a CAD file; every number in the report is in millimetres."""
    return analyze_with_mesh(data, filename, units, limits, directions)[0]


def analyze_with_mesh(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    directions: Directions = DEFAULT_DIRECTIONS,
) -> tuple[MeshReport, Mesh]:
    """Measure a CAD file and also hand back the oriented mesh (for the thumbnail)."""
    # The Embree scene build and the convex hull (C++, GIL released) run on the
    # second core, one after the other (side by side they would share it with this
    # thread and slow the shells down), while the shells are worked out: about
    # 0.6 s on a million faces. Welded vertices never move afterwards; faces are
    # only rewound (the scene is told which), unless a crack or hole is repaired,
    # and then the scene is built again. The hull may run on into measuring: only
    # the report waits for it. In a fresh worker the engine's imports
    # (ENGINE_MODULES) run on a thread of their own while the file is read.
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1) as imports:
        engine = _EngineImports(
            imports,
            binding_module(len(data) // _STL_BYTES_PER_FACE),
            reader=detect_format(data, filename) != "stl",
        )
        started: list[tuple[Future[RayScene], Future[float]]] = []

        def start_early(vertices: NDArray[np.float64], faces: NDArray[np.int64]) -> None:
            scene = pool.submit(_after, engine.binding_imported, RayScene, vertices, faces)
            hull = pool.submit(_after, engine.imported, convex_hull_volume, vertices)
            started.append((scene, hull))

        with _switching_often(enabled=engine.importing):
            part = load_part(
                data, filename, units, limits, start_early, engine_imported=engine.imported
            )
        mesh = part.mesh()
        report = measure(part, mesh, directions, _early_for(part.solid, started))
    return report, mesh


class _EngineImports:
    """The engine's modules not imported yet, imported on `thread` (one worker).

    The ray binding comes first (the scene is built as soon as the part is welded),
    then scipy's parts (the shells, the hull) and, for formats other than STL, the
    mesh library their readers use.
    """

    def __init__(self, thread: ThreadPoolExecutor, ray_binding: str, *, reader: bool) -> None:
        binding = [name for name in (ray_binding,) if name not in sys.modules]
        wanted = (*ENGINE_MODULES, *(READER_MODULES if reader else ()))
        rest = [name for name in wanted if name not in sys.modules]
        self.importing = bool(binding or rest)
        self._binding = thread.submit(_import_all, binding)
        self._rest = thread.submit(_import_all, rest)

    def binding_imported(self) -> None:
        """Wait until the ray binding is imported."""
        self._binding.result()

    def imported(self) -> None:
        """Wait until every module is imported."""
        self._rest.result()


def _after(wait: Callable[[], None], func: Callable[..., T], *args: object) -> T:
    wait()
    return func(*args)


def _early_for(solid: Solid, started: list[tuple[Future[RayScene], Future[float]]]) -> Early:
    """What was started for `solid` while it loaded, its scene dropped if faces were repaired."""
    if not started:
        return Early()
    scene, hull = started[0]
    if not solid.faces_as_welded:
        return Early(hull=hull)
    return Early(scene.result().wound_as(solid.reversed_since_weld), hull)


def _import_all(names: list[str]) -> None:
    for name in names:
        importlib.import_module(name)


@contextmanager
def _switching_often(*, enabled: bool) -> Iterator[None]:
    """Shorten the GIL switch interval inside the block (when `enabled`), then restore it."""
    previous = sys.getswitchinterval()
    if enabled:
        sys.setswitchinterval(_SWITCH_WHILE_IMPORTING_S)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def measure(
    part: LoadedPart,
    mesh: Triangles,
    directions: Directions = DEFAULT_DIRECTIONS,
    early: Early | None = None,
) -> MeshReport:
    """Every measurement of a loaded part (`early`: what was computed alongside loading)."""
    early = early or Early()
    solid = part.solid
    closed = [s for s in solid.shells if s.closed]
    voids = [s for s in closed if s.depth % 2 == 1]
    found = find_bodies(solid)
    # Touching or overlapping bodies are measured as their union.
    volume = float(sum(s.signed_volume for s in solid.shells)) - found.overlap_mm3
    bodies_mesh = mesh
    if found.touching:  # the surfaces where they meet are inside: measure the union's surface
        mesh, early = union_surface(solid, found), Early(hull=early.hull)
    low, high = bounds(solid.vertices)
    extents = high - low
    # Normals, areas and the Embree scene, built once; the corners the volumes were
    # worked out from are those of this mesh unless it is the union's.
    surface = surface_of(mesh, early.scene, None if found.touching else solid.corners)
    # Holes, then the reach that also tries their axes (and gives the mould's undercut),
    # run on the second core while walls and orientations are measured here: both
    # halves are numpy and Embree calls that release the GIL.
    with ThreadPoolExecutor(max_workers=1) as helper:
        features = helper.submit(
            _holes_and_reach, part, mesh, surface, bool(found.touching), directions.pull
        )
        thickness = wall_thickness(
            mesh, thresholds=directions.thin_wall_thresholds_mm, surface=surface
        )
        options = orientations(mesh, surface=surface)
        holes, machining, undercut = features.result()
    chosen = next(o for o in options if o.direction == directions.build)
    suspect = None
    if part.units_source == "assumed":
        suspect = suspect_units(float(extents.max()), volume if solid.watertight else None)
    report = MeshReport(
        format=part.format,
        units=part.units,
        units_source=part.units_source,
        units_suspect=suspect,
        faces=len(solid.faces),
        vertices=len(solid.vertices),
        bodies=len(found.shells),
        voids=len(voids),
        void_volume_mm3=float(sum(-s.signed_volume for s in voids)),
        watertight=solid.watertight,
        winding_consistent=solid.winding_consistent,
        repairs=list(solid.repairs),
        volume_mm3=volume,
        area_mm2=surface.total_area,
        bbox_mm=_vector(extents),
        bbox_min_mm=_vector(low),
        convex_hull_volume_mm3=(
            early.hull.result() if early.hull is not None else convex_hull_volume(solid.vertices)
        ),
        min_wall_mm=thickness.min_wall_mm,
        thin_wall_areas=thickness.thin_areas,
        build_direction=directions.build,
        overhang_area_mm2=chosen.overhang_area_mm2,
        support_volume_mm3=chosen.support_volume_mm3,
        orientations=options,
        best_orientation=best_orientation(options),
        pull_direction=directions.pull,
        undercut_area_mm2=undercut,
        machinability=machining,
        warnings=[],
        holes=holes.holes,
        # A tap drill read in the wrong unit is a coincidence, not a thread.
        thread_candidates=thread_candidates(holes.holes) if suspect is None else [],
        holes_source=holes.source,
        bodies_detail=(
            body_details(solid, found, bodies_mesh, surface_of(bodies_mesh))
            if found.touching
            else body_details(solid, found, mesh, surface)
            if len(found.shells) > 1
            else [
                BodyDetail(
                    volume_mm3=volume, bbox_mm=_vector(extents), min_wall_mm=thickness.min_wall_mm
                )
            ]
        ),
        needs_review=[] if solid.watertight else ["open_mesh"],
    )
    return describe(report, solid, part.warnings, touching=found.touching)


def _holes_and_reach(
    part: LoadedPart, mesh: Triangles, surface: Surface, measured_union: bool, pull: Axis
) -> tuple[HoleFindings, Machinability, float]:
    """The holes, CNC reach from the axes and each hole's own axis, and the undercut.

    The undercut along `pull` reads the same sight lines a mould's halves slide along.
    """
    facets = _facets(part.solid, mesh, surface, measured_union=measured_union)
    holes = find_holes(facets, surface.scene, part.brep, part.brep_scale)
    reach = sampled_reach(mesh, surface=surface, extra_directions=hole_directions(holes.holes))
    return holes, machinability_of(reach), undercut_in(reach, pull)


def _facets(solid: Solid, mesh: Triangles, surface: Surface, *, measured_union: bool) -> FacetMesh:
    """The measured surface with its face pairs, for feature finding (holes)."""
    if measured_union:  # the union's own faces, not the solid's
        vertices, faces = np.asarray(mesh.vertices), np.asarray(mesh.faces, dtype=np.int64)
        pairs = None
    else:
        vertices, faces, pairs = solid.vertices, solid.faces, solid.face_pairs
    if pairs is None:
        topology = edge_topology(faces, len(vertices))
        pairs = topology.manifold_pairs()
    return FacetMesh(vertices, faces, surface.normals, surface.areas, pairs, surface.corners)


def _vector(values: np.ndarray) -> tuple[float, float, float]:
    # 0.1 µm: below any shop's tolerance, above float32 noise in STL coordinates.
    x, y, z = (round(float(v), 4) for v in values)
    return (x, y, z)
