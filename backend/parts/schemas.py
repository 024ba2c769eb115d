"""What the parts API takes and returns."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from backend.openapi import DocumentedAs
from backend.structs import Struct
from geometry import MeshReport, Units

PartStatus = Literal["pending", "ready", "failed"]
#: The measured part's `geometry.MeshReport` JSON, served as stored (never decoded here).
Report = Annotated[msgspec.Raw, DocumentedAs(MeshReport)]


class PartError(Struct, frozen=True):
    """Why a part could not be measured: the geometry error's code and sentence."""

    code: str
    message: str


class Part(Struct, frozen=True):
    """An uploaded part and, once measured, its report (the `smallbatch analyze --json` fields)."""

    id: str
    filename: str
    size_bytes: int
    sha256: str
    units: Units | None  # the unit the customer confirmed; None: read as the file says
    status: PartStatus
    created_at: str
    updated_at: str
    report: Report | None = None
    error: PartError | None = None
    thumbnail_url: str | None = None
    family: str = ""  # the id of the first revision of this part (its own id for revision 1)
    revision: int = 1  # 1, 2, …: a file sent in reply to its card, or under its name, is next


class PartList(Struct, frozen=True):
    """Parts, newest first."""

    items: list[Part]


class PartUpdate(Struct, frozen=True):
    """`PATCH /parts/{id}`: the unit the customer confirmed; the part is measured again."""

    units: Units
