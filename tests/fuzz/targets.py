"""What each fuzz target feeds its bytes to, and the small valid files its corpus starts from.

A target passes when the input gives a result or a typed `GeometryError`; any other
exception is a finding. The seeds are generated here (a cube in every format), never
copied from the shared customer fixtures.
"""

from __future__ import annotations

import contextlib
import io
import json
import struct
import zipfile
from base64 import b64encode
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from geometry.analyze import analyze, load_part
from geometry.detect import EXTENSIONS, detect_format, sniff
from geometry.errors import GeometryError
from geometry.formats.step import check_step_text
from geometry.formats.step_cylinders import read_step_cylinders
from geometry.limits import DEFAULT_LIMITS

#: Names a detect input is checked against: every extension we read, and none.
DETECT_NAMES = (*(f"part.{ext}" for ext in EXTENSIONS), "upload.bin", "noextension")


@dataclass(frozen=True)
class Target:
    """One fuzz target: `run` takes untrusted bytes; `seeds` are valid files to mutate.

    `run` returns, or raises a `GeometryError` (a typed refusal, which is fine); any
    other exception is a finding.
    """

    run: Callable[[bytes], None]
    seeds: Callable[[], list[bytes]]


def _detect(data: bytes) -> None:
    sniff(data)
    for name in DETECT_NAMES:
        with contextlib.suppress(GeometryError):
            detect_format(data, name)


def _loader(extension: str) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        load_part(data, f"part.{extension}", limits=DEFAULT_LIMITS)

    return run


def _measure(data: bytes) -> None:
    # The whole analysis of an STL: slow (~0.3 s a run), so not part of `all`.
    analyze(data, "part.stl", limits=DEFAULT_LIMITS)


def _step_text(data: bytes) -> None:
    # OpenCASCADE (cascadio) stays out: it is C++ that only the sandboxed worker runs.
    # What Python does with STEP text before and beside it is fuzzed here.
    for stage in (lambda: detect_format(data, "part.step"), lambda: check_step_text(data)):
        with contextlib.suppress(GeometryError):
            stage()
    read_step_cylinders(data)  # never raises: malformed text gives no cylinders


# A 10 mm cube: 8 corners, 12 outward triangles.
_CORNERS = np.array(
    [[x, y, z] for x in (0.0, 10.0) for y in (0.0, 10.0) for z in (0.0, 10.0)], dtype=np.float64
)
_FACES = np.array(
    [
        [0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5], [0, 4, 5], [0, 5, 1],
        [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3],
    ],
    dtype=np.int64,
)  # fmt: skip


def _stl_seeds() -> list[bytes]:
    triangles = _CORNERS[_FACES]
    records = np.zeros(
        len(triangles), dtype=[("n", "<f4", (3,)), ("v", "<f4", (3, 3)), ("a", "<u2")]
    )
    records["v"] = triangles
    binary = b"\0" * 80 + struct.pack("<I", len(triangles)) + records.tobytes()
    lines = ["solid cube"]
    for triangle in triangles:
        lines.append(" facet normal 0 0 0\n  outer loop")
        lines.extend(f"   vertex {x:g} {y:g} {z:g}" for x, y, z in triangle)
        lines.append("  endloop\n endfacet")
    lines.append("endsolid cube\n")
    return [binary, "\n".join(lines).encode()]


def _obj_seeds() -> list[bytes]:
    lines = ["o cube", *(f"v {x:g} {y:g} {z:g}" for x, y, z in _CORNERS)]
    lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in _FACES]
    return ["\n".join(lines).encode() + b"\n"]


def _ply_seeds() -> list[bytes]:
    def header(form: str) -> bytes:
        return (
            f"ply\nformat {form} 1.0\nelement vertex {len(_CORNERS)}\n"
            "property float x\nproperty float y\nproperty float z\n"
            f"element face {len(_FACES)}\nproperty list uchar int vertex_indices\nend_header\n"
        ).encode()

    ascii_body = "".join(f"{x:g} {y:g} {z:g}\n" for x, y, z in _CORNERS)
    ascii_body += "".join(f"3 {a} {b} {c}\n" for a, b, c in _FACES)
    binary_body = _CORNERS.astype("<f4").tobytes() + b"".join(
        struct.pack("<B3i", 3, *map(int, face)) for face in _FACES
    )
    return [header("ascii") + ascii_body.encode(), header("binary_little_endian") + binary_body]


_THREE_MF_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="model" ContentType="application/'
    b'vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>'
)
_THREE_MF_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" '
    b'Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>'
)


def _three_mf_seeds() -> list[bytes]:
    vertices = "".join(f'<vertex x="{x:g}" y="{y:g}" z="{z:g}"/>' for x, y, z in _CORNERS)
    triangles = "".join(f'<triangle v1="{a}" v2="{b}" v3="{c}"/>' for a, b, c in _FACES)
    model = (
        '<?xml version="1.0" encoding="UTF-8"?><model unit="millimeter" '
        'xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources>'
        f'<object id="1" type="model"><mesh><vertices>{vertices}</vertices>'
        f"<triangles>{triangles}</triangles></mesh></object></resources>"
        '<build><item objectid="1"/></build></model>'
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _THREE_MF_TYPES)
        archive.writestr("_rels/.rels", _THREE_MF_RELS)
        archive.writestr("3D/3dmodel.model", model)
    return [buffer.getvalue()]


def _gltf_document(buffer_uri: str | None, length: int) -> dict[str, object]:
    vertex_bytes = len(_CORNERS) * 12
    return {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "buffers": [{"byteLength": length, **({"uri": buffer_uri} if buffer_uri else {})}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": vertex_bytes},
            {"buffer": 0, "byteOffset": vertex_bytes, "byteLength": len(_FACES) * 12},
        ],
        "accessors": [
            {
                "bufferView": 0, "componentType": 5126, "count": len(_CORNERS), "type": "VEC3",
                "min": [0, 0, 0], "max": [10, 10, 10],
            },
            {"bufferView": 1, "componentType": 5125, "count": len(_FACES) * 3, "type": "SCALAR"},
        ],
    }  # fmt: skip


def _glb_seeds() -> list[bytes]:
    payload = _CORNERS.astype("<f4").tobytes() + _FACES.astype("<u4").tobytes()
    text = json.dumps(_gltf_document(None, len(payload))).encode()
    text += b" " * (-len(text) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text
    chunks += struct.pack("<I4s", len(payload), b"BIN\0") + payload
    return [struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks]


def _gltf_seeds() -> list[bytes]:
    payload = _CORNERS.astype("<f4").tobytes() + _FACES.astype("<u4").tobytes()
    uri = "data:application/octet-stream;base64," + b64encode(payload).decode()
    return [json.dumps(_gltf_document(uri, len(payload))).encode()]


def _step_seeds() -> list[bytes]:
    return [
        b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('cube'),'2;1');\nENDSEC;\nDATA;\n"
        b"#1=MANIFOLD_SOLID_BREP('cube',#2);\n"
        b"#10=CYLINDRICAL_SURFACE('',#11,2.5);\n"
        b"#11=AXIS2_PLACEMENT_3D('',#12,#13,#14);\n"
        b"#12=CARTESIAN_POINT('',(5.0,5.0,0.0));\n"
        b"#13=DIRECTION('',(0.0,0.0,1.0));\n"
        b"#14=DIRECTION('',(1.0,0.0,0.0));\n"
        b"#20=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));\n"
        b"#21=(GEOMETRIC_REPRESENTATION_CONTEXT(3)GLOBAL_UNIT_ASSIGNED_CONTEXT((#20))"
        b"REPRESENTATION_CONTEXT('',''));\n"
        b"ENDSEC;\nEND-ISO-10303-21;\n"
    ]


def _all_seeds() -> list[bytes]:
    return [
        seed
        for name, target in TARGETS.items()
        if name not in {"detect", *SLOW}
        for seed in target.seeds()
    ]


#: Every target by name; the regression corpus has one folder per name.
TARGETS: dict[str, Target] = {
    "detect": Target(_detect, _all_seeds),
    "stl": Target(_loader("stl"), _stl_seeds),
    "obj": Target(_loader("obj"), _obj_seeds),
    "ply": Target(_loader("ply"), _ply_seeds),
    "3mf": Target(_loader("3mf"), _three_mf_seeds),
    "glb": Target(_loader("glb"), _glb_seeds),
    "gltf": Target(_loader("gltf"), _gltf_seeds),
    "step": Target(_step_text, _step_seeds),
    "measure": Target(_measure, _stl_seeds),
}
#: Targets the `all` harness leaves out (too slow per run to share its time).
SLOW = frozenset({"measure"})
