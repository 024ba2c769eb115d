"""What changed between two measured revisions of a part: pure, from their reports."""

from __future__ import annotations

from backend.revisions.schemas import GeometryChanges, WarningChange
from geometry import MeshReport


def _warnings(report: MeshReport) -> dict[str, str]:
    """A report's warnings by code (one sentence per code, the first)."""
    found: dict[str, str] = {}
    for warning in report.warnings:
        found.setdefault(warning.code, warning.message)
    return found


def geometry_changes(before: MeshReport, after: MeshReport) -> GeometryChanges:
    """How revision `after` differs from `before`; warnings compared by their code."""
    old, new = _warnings(before), _warnings(after)
    return GeometryChanges(
        size_before_mm=before.bbox_mm,
        size_after_mm=after.bbox_mm,
        volume_before_mm3=before.volume_mm3,
        volume_after_mm3=after.volume_mm3,
        bodies_before=before.bodies,
        bodies_after=after.bodies,
        warnings_added=[WarningChange(code=c, message=m) for c, m in new.items() if c not in old],
        warnings_removed=[WarningChange(code=c, message=m) for c, m in old.items() if c not in new],
    )
