"""Find what a request names on the rate card: one look-up, one set of errors.

`quote` (one process and material) and `compare` (every choice, or those named)
both go through `choices`, so an unknown name is the same error with the same
code and the same kind of sentence wherever it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pricing.catalog import LeadName, Material, Process, ProcessId, RateCard
from pricing.errors import UnknownMaterialError, UnknownOptionError, UnknownProcessError
from vocabulary import LEAD_NAMES


class Choice(NamedTuple):
    """One process and one of its materials, as the card holds them."""

    process_id: ProcessId
    process: Process
    material: Material


def listing(kind: str, ids: Iterable[str]) -> str:
    """`materials: pla, petg` (each id once, in order), or `no materials on the card`."""
    unique = list(dict.fromkeys(ids))
    return f"{kind}: {', '.join(unique)}" if unique else f"no {kind} on the card"


def choices(
    card: RateCard, process: str | None = None, material: str | None = None
) -> list[Choice]:
    """Every process and material on the card that the names allow, in card order.

    None allows every process (or material).

    Raises:
        UnknownProcessError: `process` names no process the card offers.
        UnknownMaterialError: no process allowed offers `material`.
    """
    offered = card.offered()
    if process is not None:
        named = [(pid, p) for pid, p in offered if pid == process]
        if not named:
            known = listing("processes", (pid for pid, _ in offered))
            raise UnknownProcessError(f"No process {process!r} on the rate card; {known}.")
        offered = named
    found = [
        Choice(pid, p, m)
        for pid, p in offered
        for m in p.materials
        if material is None or m.id == material
    ]
    if not found:
        where = process if process is not None else "any process on the rate card"
        known = listing("materials", (m.id for _, p in offered for m in p.materials))
        raise UnknownMaterialError(f"No material {material!r} for {where}; {known}.")
    return found


def lead_tier(name: str) -> LeadName:
    """`name` as a lead tier, or an `UnknownOptionError` listing the tiers."""
    for tier in LEAD_NAMES:
        if tier == name:
            return tier
    raise UnknownOptionError(f"No lead tier {name!r}; {listing('lead tiers', LEAD_NAMES)}.")
