"""Typed errors for files that cannot be measured honestly.

Each error carries a stable `code` (other tools match on it) and a message a
customer understands; no traceback ever reaches a user.
"""

from __future__ import annotations


class GeometryError(Exception):
    """Base of every error the geometry library raises on bad input."""

    code = "geometry_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, str]:
        """The `{"code", "message"}` pair every edge of the product shows."""
        return {"code": self.code, "message": self.message}


class UnsupportedFormat(GeometryError):
    """The content is not one of the CAD formats we read."""

    code = "unsupported_format"


class CorruptFile(GeometryError):
    """The file claims a format but its content is broken."""

    code = "corrupt_file"


class EmptyMesh(GeometryError):
    """The file holds no triangles."""

    code = "empty_mesh"


class NotSolid(GeometryError):
    """The triangles enclose no volume (flat or degenerate)."""

    code = "not_solid"


class TooLarge(GeometryError):
    """The file or the mesh exceeds a configured limit."""

    code = "too_large"


class AnalysisTimeout(GeometryError):
    """The analysis ran out of its wall-clock or CPU time."""

    code = "timeout"


class AnalysisCrashed(GeometryError):
    """The worker analysing the file died (a parser crash or out of memory)."""

    code = "analysis_failed"
