"""Every price over the shop's fixture meshes stays byte-identical to the recorded one.

`golden_prices.json` holds, per fixture, a digest of every total and line amount: each
process and material, each lead tier, five quantities, in mm and (when the sizes look
wrong in mm) in the suspected unit, and each finish at ten parts. It was recorded before
the lines gained codes and arguments; a change that moves a single minor unit fails
here. Regenerate it only for a deliberate price change:
`python -m tests.test_pricing.test_golden_prices`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from geometry.report import MeshReport
from pricing import QuoteRequest, RateCard, compare, load_rate_card, quote
from pricing.catalog import DEFAULT_CARD
from tests.conftest import FIXTURE_MESHES
from vocabulary import LEAD_NAMES

GOLDEN = Path(__file__).with_name("golden_prices.json")
DAY = date(2026, 3, 2)
QUANTITIES = [1, 7, 10, 100, 1000]
LEADS = LEAD_NAMES

Priced = tuple[int | None, list[int]]


def fixture_names() -> list[str]:
    """The fixture meshes, by file name."""
    return sorted(p.name for p in FIXTURE_MESHES.iterdir() if p.name != "README.md")


def reports(name: str) -> list[MeshReport]:
    """The fixture measured in mm, and again in the suspected unit when there is one."""
    from geometry.analyze import analyze  # heavy: only this test needs it

    data = (FIXTURE_MESHES / name).read_bytes()
    found = [analyze(data, name)]
    if found[0].units_suspect is not None:
        found.append(analyze(data, name, units=found[0].units_suspect))
    return found


def prices(report: MeshReport, card: RateCard) -> dict[str, Priced]:
    """Every total and line amount of one report, keyed by what was priced."""
    got: dict[str, Priced] = {}
    for lead in LEADS:
        for q in compare(report, QUANTITIES, card, DAY, lead=lead).quotes:
            got[f"{q.process}/{q.material}/{lead}/{q.quantity}"] = (
                q.total,
                [line.amount for line in q.lines],
            )
    for pid, process in card.offered():
        for finish in process.finishes:
            material = process.materials[0].id
            request = QuoteRequest(process=pid, material=material, quantity=10, finish=finish.id)
            q = quote(report, request, card, DAY)
            got[f"{pid}/{material}/{finish.id}"] = (q.total, [line.amount for line in q.lines])
    return got


def digest(name: str, card: RateCard) -> str:
    """One fixture's prices, as a sha256 of their canonical JSON."""
    every = [prices(report, card) for report in reports(name)]
    text = json.dumps(every, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("name", fixture_names())
def test_prices_over_the_fixtures_are_unchanged(name: str, card: RateCard) -> None:
    recorded = json.loads(GOLDEN.read_text())
    assert digest(name, card) == recorded[name]


def test_the_golden_file_covers_every_fixture() -> None:
    assert sorted(json.loads(GOLDEN.read_text())) == fixture_names()


if __name__ == "__main__":
    default = load_rate_card(DEFAULT_CARD)
    table = {name: digest(name, default) for name in fixture_names()}
    GOLDEN.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
