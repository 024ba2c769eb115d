"""A part's revisions, and what changed from one to the next."""

from __future__ import annotations

from typing import cast

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope
from backend.db import Database
from backend.errors import Conflict
from backend.parts.schemas import PartStatus
from backend.parts.service import PartService
from backend.revisions import repository
from backend.revisions.changes import geometry_changes
from backend.revisions.repository import RevisionRow
from backend.revisions.schemas import PartRevision, RevisionChanges, RevisionList


class NoPreviousRevision(Conflict):
    """The part is the first measured revision of its family: nothing to compare with."""

    code = "no_previous_revision"


class RevisionService:
    """Reads of part families; the revisions themselves are made by `PartService.upload`."""

    def __init__(self, db: Database, parts: PartService) -> None:
        self._db = db
        self._parts = parts

    async def _family(self, principal: Principal, part_id: str) -> tuple[str, list[RevisionRow]]:
        part = await self._parts.get(principal, part_id)  # not found unless the caller's
        async with self._db.read() as conn:
            rows = await repository.revisions(conn, part.family, customer_scope(principal))
        return part.family, rows

    async def list(self, principal: Principal, part_id: str) -> RevisionList:
        """Every revision of the part's family the caller may see, oldest first."""
        family, rows = await self._family(principal, part_id)
        return RevisionList(family=family, revisions=[to_revision(row) for row in rows])

    async def changes(self, principal: Principal, part_id: str) -> RevisionChanges:
        """What changed from the latest measured revision before this one.

        Raises:
            PartNotReady, PartFailed: this revision is not measured.
            NoPreviousRevision: no earlier revision was measured.
        """
        row, report = await self._parts.ready_report(principal, part_id)
        _, family = await self._family(principal, part_id)
        earlier = [r for r in family if r.revision < row.revision and r.status == "ready"]
        if not earlier:
            raise NoPreviousRevision(
                f"Revision {row.revision} is the first measured one of this part."
            )
        previous, before = await self._parts.ready_report(principal, earlier[-1].id)
        async with self._db.read() as conn:
            quote_id = await repository.latest_quote(conn, previous.id, row.customer)
        return RevisionChanges(
            part_id=row.id,
            revision=row.revision,
            previous_id=previous.id,
            previous_revision=previous.revision,
            same_file=previous.sha256 == row.sha256 and previous.units == row.units,
            geometry=geometry_changes(before, report),
            previous_quote_id=quote_id,
        )


def to_revision(row: RevisionRow) -> PartRevision:
    """The API view of one revision."""
    return PartRevision(
        id=row.id,
        revision=row.revision,
        filename=row.filename,
        status=cast(PartStatus, row.status),
        created_at=row.created_at,
    )
