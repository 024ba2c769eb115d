"""Button payloads: short prefixes, ids and enum fields; every one fits Telegram's 64 bytes.

Ids are the backend's (`prt_…`, `quo_…`, `ord_…`: 32 characters); process and material
are the rate card's ids. `tests/test_bot/test_callbacks.py` packs the longest payload the
default card can produce and checks it fits.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from vocabulary import LEAD_NAMES, Unit

#: Telegram refuses callback_data longer than this many bytes.
MAX_CALLBACK_BYTES = 64


class QuoteAction(StrEnum):
    """What a button on the quote card does."""

    QUANTITY = "q"
    TYPE_QUANTITY = "t"
    LEAD = "l"
    ACCEPT = "a"
    CHANGE = "c"
    PDF = "p"
    REVIEW = "r"  # send a quote in review to a person
    CONFIRM = "k"  # accept the quote's DFM warnings, then order
    REVISE = "f"  # rather send a revised file


class StaffAction(StrEnum):
    """A staff button on an order card: the move it asks for."""

    APPROVE = "ap"
    REJECT = "rj"
    START = "st"
    QC = "qc"
    PASS = "ok"
    FAIL = "no"
    SHIP = "sh"
    DELIVER = "dl"


#: The lead tiers in button order; a quote card's lead button carries the tier's index.
LEADS = LEAD_NAMES


class UnitsCb(CallbackData, prefix="u"):
    """The customer confirms the unit a part was drawn in."""

    part: str
    units: Unit


class ProcessCb(CallbackData, prefix="p"):
    """Show the materials of a process for a part ("" : back to the process list).

    `on_quote`: the buttons are on a quote card (after Change), whose caption is kept;
    on the part card the caption's question follows the step.
    """

    part: str
    process: str
    on_quote: bool = False


class MaterialCb(CallbackData, prefix="m"):
    """Price a part in a process and material."""

    part: str
    process: str
    material: str


class InfeasibleCb(CallbackData, prefix="x"):
    """A process or material that cannot make the part: pressing it explains why."""

    part: str
    process: str
    material: str = ""


class QuoteCb(CallbackData, prefix="q"):
    """A button on a quote card; `value` is the quantity or the lead tier's index."""

    quote: str
    action: QuoteAction
    value: int = 0


class StaffCb(CallbackData, prefix="s"):
    """A staff move on an order card, at the version the card showed."""

    order: str
    action: StaffAction
    version: int


class RateCb(CallbackData, prefix="r"):
    """The customer's stars for a delivered order; `send` submits without a comment."""

    order: str
    stars: int
    send: bool = False


class AskPersonCb(CallbackData, prefix="h"):
    """Every process refused the part: ask a person to price it."""

    part: str


class ReviewAction(StrEnum):
    """A staff button on a review card."""

    APPROVE = "ap"
    PRICE = "pr"


class ReviewCb(CallbackData, prefix="v"):
    """A staff decision on a review card."""

    review: str
    action: ReviewAction
