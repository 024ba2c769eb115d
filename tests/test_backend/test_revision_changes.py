"""What changed between two revisions' reports: size, volume, bodies, warnings by code."""

from __future__ import annotations

import msgspec

from backend.revisions.changes import geometry_changes
from geometry.report import ReportWarning
from tests.test_pricing.factories import box_report, scaled

THIN = ReportWarning(code="thin_walls", message="Some walls are thin.")
OPEN = ReportWarning(code="open_mesh", message="The mesh is open.")


def test_a_larger_revision_shows_its_new_size_and_volume() -> None:
    before = box_report(30, 20, 10)
    changes = geometry_changes(before, scaled(before, 2.0))
    assert (changes.size_before_mm, changes.size_after_mm) == ((30, 20, 10), (60, 40, 20))
    assert changes.volume_after_mm3 == before.volume_mm3 * 8
    assert (changes.warnings_added, changes.warnings_removed) == ([], [])


def test_warnings_are_compared_by_code() -> None:
    before = msgspec.structs.replace(box_report(), warnings=[THIN, THIN])
    after = msgspec.structs.replace(
        box_report(), warnings=[OPEN, msgspec.structs.replace(THIN, message="other words")]
    )
    changes = geometry_changes(before, after)
    assert [w.code for w in changes.warnings_added] == ["open_mesh"]
    assert changes.warnings_removed == []
    assert [w.code for w in geometry_changes(after, before).warnings_removed] == ["open_mesh"]


def test_bodies_before_and_after() -> None:
    before = box_report()
    after = msgspec.structs.replace(before, bodies=2)
    changes = geometry_changes(before, after)
    assert (changes.bodies_before, changes.bodies_after) == (1, 2)
