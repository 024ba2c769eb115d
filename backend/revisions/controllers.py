"""`/api/v1/parts/{id}/revisions` and `/changes`: a part's family and what changed."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from backend.auth.schemas import Principal
from backend.openapi import BEARER, ONE, errors
from backend.revisions.schemas import RevisionChanges, RevisionList
from backend.revisions.service import RevisionService


class RevisionController(Controller):
    """Revisions of a part: customers see their own, staff any."""

    path = "/api/v1/parts/{part_id:str}"
    tags = ("parts",)
    security = BEARER

    @get("/revisions", responses=errors(*ONE))
    async def revisions(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        revisions: NamedDependency[RevisionService],
    ) -> RevisionList:
        """Every revision of this part's family, oldest first (this one included)."""
        return await revisions.list(principal, part_id)

    @get("/changes", responses=errors(*ONE, 409))
    async def changes(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        revisions: NamedDependency[RevisionService],
    ) -> RevisionChanges:
        """Size, volume, bodies and warnings against the previous measured revision.

        409 `no_previous_revision` for a first revision; 409 while either is being measured.
        """
        return await revisions.changes(principal, part_id)
