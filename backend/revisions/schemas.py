"""What the revisions API returns."""

from __future__ import annotations

from backend.parts.schemas import PartStatus
from backend.structs import Struct


class PartRevision(Struct, frozen=True):
    """One revision of a part, as the revision list shows it."""

    id: str
    revision: int
    filename: str
    status: PartStatus
    created_at: str


class RevisionList(Struct, frozen=True):
    """`GET /parts/{id}/revisions`: every revision of the part's family, oldest first."""

    family: str
    revisions: list[PartRevision]


class WarningChange(Struct, frozen=True):
    """A geometry warning one revision has and the other has not (its code and sentence)."""

    code: str
    message: str


class GeometryChanges(Struct, frozen=True):
    """Size, volume and bodies before and after, and the warnings that came or went."""

    size_before_mm: tuple[float, float, float]
    size_after_mm: tuple[float, float, float]
    volume_before_mm3: float
    volume_after_mm3: float
    bodies_before: int
    bodies_after: int
    warnings_added: list[WarningChange]
    warnings_removed: list[WarningChange]


class RevisionChanges(Struct, frozen=True):
    """`GET /parts/{id}/changes`: what changed from the previous measured revision.

    `previous_quote_id` is the caller's latest quote of the previous revision, if any:
    `POST /quotes/{it}/requote` with `{"part_id": <this part>}` prices this revision the
    same way (process, material, quantity, lead, specifications), for the price change.
    """

    part_id: str
    revision: int
    previous_id: str
    previous_revision: int
    same_file: bool  # byte for byte the same file, read in the same units
    geometry: GeometryChanges
    previous_quote_id: str | None = None
