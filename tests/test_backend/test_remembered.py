"""The test servers' shared analyses: one real measurement per file, name, units and limits."""

from __future__ import annotations

import asyncio

import msgspec

from geometry import Limits, Units
from tests.test_backend.api import BRACKET
from tests.test_backend.remembered import RememberedAnalyses


def test_a_file_is_measured_once_and_a_change_of_units_or_limits_measures_it_again() -> None:
    remembered = RememberedAnalyses()

    async def measure(units: Units | None, limits: Limits) -> bytes:
        result = await remembered(BRACKET, "bracket.stl", units, limits, asyncio.Semaphore(1))
        return msgspec.json.encode(result.report)

    first = asyncio.run(measure(None, Limits()))
    assert asyncio.run(measure(None, Limits())) == first
    assert remembered.measured == 1
    in_inches = asyncio.run(measure("inch", Limits()))
    assert in_inches != first  # the units are part of what is remembered
    asyncio.run(measure(None, Limits(max_faces=Limits().max_faces - 1)))
    assert remembered.measured == 3
