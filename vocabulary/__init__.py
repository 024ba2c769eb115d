"""The choices every part of smallbatch shares, each spelled exactly once.

A leaf: it imports only the standard library, so the bot (which must not import
the backend, geometry or pricing) can use it as well as everything else. Each
choice is a `Literal` type, and the ordered tuple of its values is read off that
type with `typing.get_args`, so adding a value here adds it to both.
`tests/test_vocabulary.py` fails when one of these sets is written out again
elsewhere.
"""

from __future__ import annotations

from typing import Literal, get_args

#: Delivery speeds, slowest and cheapest first; the rate card prices each one.
LeadName = Literal["economy", "standard", "express"]
LEAD_NAMES: tuple[LeadName, ...] = get_args(LeadName)
#: The lead tier a request gets when it names none.
DEFAULT_LEAD: LeadName = "standard"

#: The units a customer may say a CAD file was drawn in (parts are measured in mm).
Unit = Literal["mm", "inch", "m"]
UNITS: tuple[Unit, ...] = get_args(Unit)

#: Every process a cost model exists for, in the order tables list them.
ProcessId = Literal["fdm", "sla", "sls", "mjf", "cnc", "casting", "moulding"]
PROCESS_IDS: tuple[ProcessId, ...] = get_args(ProcessId)

#: The languages customers are answered in (the bot's texts, the chart's axes).
Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

__all__ = [
    "DEFAULT_LEAD",
    "LANGUAGES",
    "LEAD_NAMES",
    "PROCESS_IDS",
    "UNITS",
    "Language",
    "LeadName",
    "ProcessId",
    "Unit",
]
