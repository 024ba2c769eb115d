"""Measure customer CAD files: bytes and a file name in, a `MeshReport` out.

A pure library: no web, bot or database imports, no async, no I/O beyond the
bytes it is handed. Untrusted files are measured through the `sandbox` package,
which runs this library in worker processes; this package never imports it.
"""

import importlib
from typing import Any

from geometry.errors import (
    AnalysisCrashed,
    AnalysisTimeout,
    CorruptFile,
    EmptyMesh,
    GeometryError,
    NotSolid,
    TooLarge,
    UnsupportedFormat,
)
from geometry.limits import DEFAULT_LIMITS, Limits
from geometry.report import MM_PER_UNIT, MeshReport, ReportWarning, Units

# The heavy entry points load on first use, so `import geometry` (and `pricing`,
# which only needs the report types) stays light.
_LAZY = {
    "analyze": "geometry.analyze",
    "analyze_with_mesh": "geometry.analyze",
    "render_thumbnail": "geometry.render",
}


def __getattr__(name: str) -> Any:
    """Import `analyze`, `analyze_with_mesh`, `render_thumbnail` when first asked for."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geometry' has no attribute {name!r}")


__all__ = [
    "DEFAULT_LIMITS",
    "MM_PER_UNIT",
    "AnalysisCrashed",
    "AnalysisTimeout",
    "CorruptFile",
    "EmptyMesh",
    "GeometryError",
    "Limits",
    "MeshReport",
    "NotSolid",
    "ReportWarning",
    "TooLarge",
    "Units",
    "UnsupportedFormat",
    "analyze",
    "analyze_with_mesh",
    "render_thumbnail",
]
