"""Specifications at the API edge: request rows to pricing's types, requotes, the catalog.

The checking and pricing are `pricing.specs`'s; this module only moves the choices
between the HTTP shapes and the pricing library, so every edge reads them one way.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import msgspec
from msgspec import UNSET

from backend.quotes.schemas import (
    CatalogFirstArticle,
    CatalogMaterial,
    CatalogOption,
    CatalogProcess,
    QuoteChange,
    QuoteCreate,
    QuoteSpecs,
    SpecRow,
)
from pricing import Quote as Priced
from pricing import QuoteRequest
from pricing.catalog import Process, RateCard
from pricing.money import format_minor, to_minor
from pricing.specs import InsertSpec, Sized, ThreadSpec


def pricing_request(request: QuoteCreate) -> QuoteRequest:
    """What pricing is asked for a `POST /quotes` body."""
    return QuoteRequest(
        process=request.process,
        material=request.material,
        quantity=request.quantity,
        lead=request.lead,
        finish=request.finish,
        tolerance=request.tolerance,
        threads=tuple(ThreadSpec(size=row.size, count=row.count) for row in request.threads),
        inserts=tuple(InsertSpec(size=row.size, count=row.count) for row in request.inserts),
        colour=request.colour,
        note=request.note,
        first_article=request.first_article,
    )


def rows(specs: tuple[Sized, ...]) -> list[SpecRow]:
    """Thread or insert specifications as the API shows them."""
    return [SpecRow(size=spec.size, count=spec.count) for spec in specs]


def spec_fields(priced: Priced) -> dict[str, Any]:
    """The specification fields of a quote's API view (finish and tolerance aside)."""
    return {
        "threads": rows(priced.threads),
        "inserts": rows(priced.inserts),
        "colour": priced.colour,
        "note": priced.note,
        "first_article": priced.first_article,
        "finish_name": priced.finish_name,
        "finish_name_ru": priced.finish_name_ru,
        "tolerance_name": priced.tolerance_name or priced.tolerance,
        "tolerance_name_ru": priced.tolerance_name_ru or priced.tolerance,
    }


_PRICED = msgspec.json.Decoder(Priced)


def order_specs(priced: str) -> QuoteSpecs | None:
    """The specifications of a stored quote (its JSON), as an order shows them."""
    if not priced:
        return None
    quote = _PRICED.decode(priced)
    return QuoteSpecs(
        finish=quote.finish,
        tolerance=quote.tolerance,
        threads=rows(quote.threads),
        inserts=rows(quote.inserts),
        colour=quote.colour,
        note=quote.note,
        first_article=quote.first_article,
    )


def requested(
    part_id: str, old: Priced, change: QuoteChange, tolerances: Collection[str]
) -> QuoteCreate:
    """The request a requote makes: the old quote's choices, with what `change` names changed.

    `tolerances` are the ids the process has on today's card: a quote priced before a
    tier was renamed (`standard` became `medium`) is requoted at the default tier.
    """

    def keep(new: Any, before: Any) -> Any:
        return before if new is UNSET else new

    old_tolerance = old.tolerance if old.tolerance in tolerances else None

    return QuoteCreate(
        part_id=part_id,
        process=old.process,
        material=old.material,
        quantity=old.quantity if change.quantity is None else change.quantity,
        lead=old.lead if change.lead is None else change.lead,
        finish=keep(change.finish, old.finish),
        tolerance=keep(change.tolerance, old_tolerance),
        threads=keep(change.threads, rows(old.threads)),
        inserts=keep(change.inserts, rows(old.inserts)),
        colour=keep(change.colour, old.colour),
        note=keep(change.note, old.note),
        first_article=keep(change.first_article, old.first_article),
    )


def catalog_process(pid: str, process: Process) -> CatalogProcess:
    """One process of the catalog: materials, colours, finishes, tolerances, threads, inserts."""
    return CatalogProcess(
        id=pid,
        name=process.name,
        name_ru=process.name_ru or process.name,
        materials=[
            CatalogMaterial(
                id=m.id, name=m.name, name_ru=m.name_ru or m.name, colours=list(m.colours)
            )
            for m in process.materials
        ],
        finishes=[
            CatalogOption(
                id=f.id,
                name=f.name,
                name_ru=f.name_ru,
                extra_days=f.extra_days,
                colours=list(f.colours),
            )
            for f in process.finishes
        ],
        tolerances=[
            CatalogOption(
                id=t.id,
                name=t.name,
                name_ru=t.name_ru,
                extra_days=t.extra_days,
                per_drawing=t.per_drawing,
            )
            for t in process.tolerances
        ],
        threads=process.tapping is not None,
        inserts=[i.size for i in process.inserts.sizes] if process.inserts else [],
    )


def catalog_first_article(card: RateCard) -> CatalogFirstArticle | None:
    """The card's first-article terms as customers read them: price with margin, before tax."""
    terms = card.first_article
    if terms is None:
        return None
    price = to_minor(terms.per_order * (1.0 + card.margin), card.currency_digits)
    return CatalogFirstArticle(
        price=format_minor(price, card.currency_digits), hold_days=terms.hold_days
    )
