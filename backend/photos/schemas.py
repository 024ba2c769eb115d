"""What the evidence photos API takes and returns."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from backend.structs import Struct

#: Where in the order's life a photo was taken: staff's at QC and packing and of a first
#: article (build-and-hold), and the customer's of what went wrong, on their claim.
Stage = Literal["qc", "packing", "claim", "first_article"]
#: A caption is at most this long: Telegram's caption limit, with room for the stage and date.
MAX_CAPTION = 900


class PhotoForm(Struct, frozen=True):
    """The text fields of the upload form (the image itself is the `file` part)."""

    stage: Stage  # staff: qc, packing or first_article; a customer: claim (on their own open claim)
    caption: Annotated[str, Meta(max_length=MAX_CAPTION)] = ""


class OrderPhoto(Struct, frozen=True):
    """An evidence photo of an order; `url` serves its bytes."""

    id: str
    order_id: str
    stage: Stage
    taken_by: str  # the actor: `staff:alice`, `staff:telegram:42`
    created_at: str
    size_bytes: int
    content_type: str
    url: str
    caption: str | None = None


class PhotoList(Struct, frozen=True):
    """An order's photos, oldest first, and how many each stage may take."""

    items: list[OrderPhoto]
    max_per_stage: int
