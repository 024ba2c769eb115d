"""Specifications a customer adds to a quote, checked and priced from the rate card.

A finish, a tolerance tier, threads tapped into the part's tap-drill holes, threaded
inserts, a colour, a free-text note and first-article build-and-hold. `resolve_specs`
checks a request's choices against the card and the part's report; `spec_charges` is
the one place their cost lines are made, and `spec_days` the lead days they add. Every
figure is the card's: costs here are multiplied by the margin and the lead factor like the
process's own.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, NamedTuple, TypeVar

import msgspec
from msgspec import Meta

from geometry.report import MeshReport
from pricing.catalog import (
    Finish,
    FirstArticle,
    InsertSize,
    Material,
    Process,
    TapRate,
    Tolerance,
)
from pricing.errors import BadSpecError, UnknownOptionError
from pricing.lookup import listing
from pricing.processes.base import Charge

#: The longest note kept, in characters, after cleaning.
MAX_NOTE = 500
#: At most this many rows of threads, and of inserts, in one request.
MAX_SPEC_ROWS = 20
#: At most this many threaded holes or inserts of one size on one part.
MAX_SPEC_COUNT = 10_000

_T = TypeVar("_T")
SpecCount = Annotated[int, Meta(ge=1, le=MAX_SPEC_COUNT)]
SizeName = Annotated[str, Meta(min_length=1, max_length=16)]


class Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the specification value types."""


class Sized(Spec, frozen=True, kw_only=True):
    """`count` of one `size`, as customers name it ("M5")."""

    size: SizeName
    count: SpecCount


class ThreadSpec(Sized, frozen=True, kw_only=True):
    """Tap `count` of the part's tap-drill holes as `size` (e.g. "M5")."""


class InsertSpec(Sized, frozen=True, kw_only=True):
    """Fit `count` threaded inserts of `size` (e.g. "M3")."""


class Tap(NamedTuple):
    """Threads of one size, with the rate their tap drill falls under."""

    spec: ThreadSpec
    rate: TapRate


class Fit(NamedTuple):
    """Inserts of one size, with the card's figures for that size."""

    spec: InsertSpec
    insert: InsertSize
    labour_rate: float


class Specs(NamedTuple):
    """A request's specifications, checked against the card and the part."""

    finish: Finish | None
    tolerance: Tolerance
    taps: tuple[Tap, ...] = ()
    fits: tuple[Fit, ...] = ()
    colour: str | None = None
    note: str | None = None
    tapping_days: int = 0
    insert_days: int = 0
    first_article: FirstArticle | None = None  # the card's terms, when the customer asked


def clean_note(text: str | None) -> str | None:
    """The note as kept: control and format characters dropped, at most `MAX_NOTE` characters.

    Line breaks survive (a customer's list reads better kept), runs of spaces shrink to
    one; bidirectional overrides and other invisible characters are dropped. Nothing in
    it is ever interpreted: every edge shows it as plain, escaped text.
    """
    if text is None:
        return None
    kept = "".join(
        ch
        for ch in text.replace("\r\n", "\n")
        if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    lines = [" ".join(line.split()) for line in kept.split("\n")]
    cleaned = "\n".join(line for line in lines if line).strip()[:MAX_NOTE].strip()
    return cleaned or None


def resolve_specs(
    report: MeshReport,
    process_id: str,
    process: Process,
    material: Material,
    *,
    finish: str | None = None,
    tolerance: str | None = None,
    threads: tuple[ThreadSpec, ...] = (),
    inserts: tuple[InsertSpec, ...] = (),
    colour: str | None = None,
    note: str | None = None,
    first_article: bool = False,
    offered: FirstArticle | None = None,
) -> Specs:
    """Check every choice against the card and the part; None and () mean the defaults.

    `first_article` asks for build-and-hold on the terms the card `offered` (None: none).

    Raises:
        UnknownOptionError: a finish, tolerance, insert size or colour the card does not
            offer for this process and material, or threads/inserts the process does not do.
        BadSpecError: a thread size no hole of the part is drilled for, more threads of a
            size than such holes, a size asked for twice, or too many rows.
    """
    chosen_finish = _finish(process, finish)
    return Specs(
        finish=chosen_finish,
        tolerance=_tolerance(process, tolerance),
        taps=_taps(report, process_id, process, threads),
        fits=_fits(process_id, process, inserts),
        colour=_colour(material, chosen_finish, colour),
        note=clean_note(note),
        tapping_days=process.tapping.extra_days if threads and process.tapping else 0,
        insert_days=process.inserts.extra_days if inserts and process.inserts else 0,
        first_article=_first_article(first_article, offered),
    )


def spec_charges(report: MeshReport, specs: Specs) -> tuple[Charge, ...]:
    """The cost lines of the specifications (before margin), in the order the card reads."""
    charges: list[Charge] = []
    finish = specs.finish
    if finish is not None:
        each = finish.per_cm2 * report.area_mm2 / 100.0 + finish.per_part
        colour = f" ({specs.colour})" if specs.colour and finish.colours else ""
        charges.append(
            Charge(
                label=f"Finish: {finish.name}{colour}",
                code="finish",
                args={"finish": finish.name, "finish_ru": finish.name_ru},
                each=each,
                once=finish.per_order,
            )
        )
    if specs.tolerance.per_part:
        charges.append(
            Charge(
                label=f"Inspection ({specs.tolerance.name})",
                code="inspection",
                args={"tolerance": specs.tolerance.name, "tolerance_ru": specs.tolerance.name_ru},
                each=specs.tolerance.per_part,
            )
        )
    for tap in specs.taps:
        charges.append(
            Charge(
                label=f"Threads: {tap.spec.count} × {tap.spec.size} tapped",
                code="threads",
                args={"count": str(tap.spec.count), "size": tap.spec.size},
                each=tap.spec.count * tap.rate.per_hole,
            )
        )
    for fit in specs.fits:
        per_insert = fit.insert.per_insert + fit.insert.install_minutes / 60.0 * fit.labour_rate
        charges.append(
            Charge(
                label=f"Inserts: {fit.spec.count} × {fit.spec.size}",
                code="inserts",
                args={"count": str(fit.spec.count), "size": fit.spec.size},
                each=fit.spec.count * per_insert,
            )
        )
    if specs.first_article is not None:
        charges.append(
            Charge(
                label="First article: one part made and approved before the batch",
                code="first_article",
                once=specs.first_article.per_order,
            )
        )
    return tuple(charges)


def spec_days(specs: Specs) -> int:
    """Working days the specifications add to the lead time."""
    finish_days = specs.finish.extra_days if specs.finish else 0
    hold_days = specs.first_article.hold_days if specs.first_article else 0
    return (
        finish_days
        + specs.tolerance.extra_days
        + specs.tapping_days
        + specs.insert_days
        + hold_days
    )


def _first_article(asked: bool, offered: FirstArticle | None) -> FirstArticle | None:
    if not asked:
        return None
    if offered is None:
        raise UnknownOptionError("This shop offers no first-article build-and-hold.")
    return offered


def _finish(process: Process, ident: str | None) -> Finish | None:
    if ident is None:
        return None
    found = process.finish(ident)
    if found is None:
        known = listing("finishes", (f.id for f in process.finishes))
        raise UnknownOptionError(f"No finish {ident!r}; {known}.")
    return found


def _tolerance(process: Process, ident: str | None) -> Tolerance:
    if ident is None:
        return process.tolerances[0]
    found = process.tolerance(ident)
    if found is None:
        known = listing("tolerances", (t.id for t in process.tolerances))
        raise UnknownOptionError(f"No tolerance {ident!r}; {known}.")
    return found


def _offering(kind: str, rows: tuple[Sized, ...], offering: _T | None, refusal: str) -> _T:
    """What the process offers for these rows, once the rows are few and each size once."""
    sizes = [row.size for row in rows]
    if len(sizes) > MAX_SPEC_ROWS:
        raise BadSpecError(f"At most {MAX_SPEC_ROWS} sizes of {kind} in one request.")
    if len(set(sizes)) != len(sizes):
        raise BadSpecError(f"Give each size of {kind} once, with its count.")
    if offering is None:
        raise UnknownOptionError(refusal)
    return offering


def _taps(
    report: MeshReport, process_id: str, process: Process, threads: tuple[ThreadSpec, ...]
) -> tuple[Tap, ...]:
    if not threads:
        return ()
    refusal = f"{process.name} parts are not tapped here; threads: none."
    tapping = _offering("threads", threads, process.tapping, refusal)
    taps: list[Tap] = []
    for spec in threads:
        holes = [c for c in report.thread_candidates if c.thread == spec.size]
        if not holes:
            known = listing("threads", (c.thread for c in report.thread_candidates))
            raise BadSpecError(f"No hole of this part is drilled for {spec.size}; {known}.")
        available = sum(c.count for c in holes)
        if spec.count > available:
            raise BadSpecError(
                f"The part has {available} hole(s) drilled for {spec.size}, not {spec.count}."
            )
        drill = max(c.tap_drill_mm for c in holes)
        rate = tapping.rate(drill)
        if rate is None:
            raise UnknownOptionError(f"{spec.size} is larger than {process_id} taps here.")
        taps.append(Tap(spec, rate))
    return tuple(taps)


def _fits(process_id: str, process: Process, inserts: tuple[InsertSpec, ...]) -> tuple[Fit, ...]:
    if not inserts:
        return ()
    refusal = f"{process.name} parts take no inserts here; inserts: none."
    offered = _offering("inserts", inserts, process.inserts, refusal)
    fits: list[Fit] = []
    for spec in inserts:
        insert = offered.size(spec.size)
        if insert is None:
            known = listing("inserts", (i.size for i in offered.sizes))
            raise UnknownOptionError(f"No {spec.size!r} insert for {process_id}; {known}.")
        fits.append(Fit(spec, insert, offered.labour_rate))
    return tuple(fits)


def colours_for(material: Material, finish: Finish | None) -> tuple[str, ...]:
    """The colours to choose from: the finish's when it takes a colour, else the material's."""
    if finish is not None and finish.colours:
        return finish.colours
    return material.colours


def _colour(material: Material, finish: Finish | None, colour: str | None) -> str | None:
    if colour is None:
        return None
    offered = colours_for(material, finish)
    if colour not in offered:
        known = listing("colours", offered)
        raise UnknownOptionError(f"No colour {colour!r} for {material.name}; {known}.")
    return colour
