"""Measure customer CAD files: bytes and a file name in, a `MeshReport` out.

A pure library: no web, bot or database imports, no async, no I/O beyond the
bytes it is handed.
"""

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
]
