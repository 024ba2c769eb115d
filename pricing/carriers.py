"""The carriers a shop ships with and their tracking pages: the rate card's `[carriers]`.

    [carriers.dhl]
    name = "DHL"
    url = "https://www.dhl.com/...?tracking-id={number}"

A template is an https URL holding `{number}` exactly once (`vocabulary.tracking`); a bad one
is refused with the path of the field, like every other mistake in the card.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from vocabulary.tracking import CarrierEntry, template_problem

#: A carrier's id in the card: `royal_mail`, `dhl`.
CarrierId = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
CarrierName = Annotated[str, Meta(min_length=1, max_length=40)]


class Carrier(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A carrier: its name (and Russian name) as staff and customers read it, its tracking URL."""

    name: CarrierName
    url: Annotated[str, Meta(max_length=500)]
    name_ru: CarrierName | None = None


def check_carriers(carriers: dict[str, Carrier]) -> None:
    """Refuse a carrier whose URL template is unusable, naming its path in the card.

    Checked from the card (not each carrier) because msgspec names a table's entries
    `carriers[...]`; the shop needs to read which carrier it was.
    """
    for cid, carrier in carriers.items():
        problem = template_problem(carrier.url)
        if problem is not None:
            raise ValueError(f"carriers.{cid}.url: {problem}")


def carrier_entries(carriers: dict[str, Carrier]) -> list[CarrierEntry]:
    """(id, name, Russian name, URL) of each carrier, in the card's order."""
    return [(cid, c.name, c.name_ru or c.name, c.url) for cid, c in carriers.items()]
