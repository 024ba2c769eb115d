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
    DETAILS = "d"
    SPECS = "s"
    REVIEW = "r"  # send a quote in review to a person
    CONFIRM = "k"  # accept the quote's DFM warnings, then order
    REVISE = "f"  # rather send a revised file


class SpecStep(StrEnum):
    """A button of the specifications step on a quote card (`bot.handlers.specs`)."""

    THREAD_YES = "ty"  # value: the thread candidate's index in the part's report
    THREAD_NO = "tn"
    TOLERANCE = "to"  # value: the tolerance's index in the catalog
    FINISH = "fi"  # value: 0 as made, else the finish's index + 1
    COLOUR = "co"  # value: the colour's index
    INSERT = "in"  # value: the insert size's index; then its count
    INSERT_COUNT = "ic"  # value: the size's index, count: how many
    FIRST_ARTICLE = "fa"  # value: 1 with a first article, 0 without
    NOTE = "no"  # ask for a typed note
    SKIP = "sk"  # value: the stage to show next
    DONE = "dn"  # back to the quote card's own buttons


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
    SEND_FIRST_ARTICLE = "fa"  # send the first article (its new photos) to the customer


#: The lead tiers in button order; a quote card's lead button carries the tier's index.
LEADS = LEAD_NAMES


class UnitsCb(CallbackData, prefix="u"):
    """The customer confirms the unit a part was drawn in."""

    part: str
    units: Unit


class ProcessCb(CallbackData, prefix="p"):
    """Show the materials of a process for a part ("" : back to the process list).

    `on_quote`: the buttons are on a quote card (after Change), whose caption is kept;
    on the part card the caption's question follows the step. `quote`: the quote card's
    quote (then `part` is empty: both ids would not fit 64 bytes), whose quantity and
    lead tier the new choice keeps.
    """

    part: str
    process: str
    on_quote: bool = False
    quote: str = ""


class MaterialCb(CallbackData, prefix="m"):
    """Price a part in a process and material.

    With `quote` (and an empty `part`), from a quote card after Change: the new quote
    keeps that quote's quantity and lead tier and replaces it on the same card.
    """

    part: str
    process: str
    material: str
    quote: str = ""


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


class SpecCb(CallbackData, prefix="sp"):
    """A specification choice on a quote card; each reprices it (the new quote's id follows)."""

    quote: str
    step: SpecStep
    value: int = 0
    count: int = 0
    process: str = ""  # the quote's process, so a choice needs no read of the quote


class StaffCb(CallbackData, prefix="s"):
    """A staff move on an order card, at the version the card showed."""

    order: str
    action: StaffAction
    version: int


class DrawingCb(CallbackData, prefix="dw"):
    """The part a PDF the customer sent (the message this button's question replies to) is for."""

    part: str


class PhotosCb(CallbackData, prefix="ph"):
    """Send the customer an order's evidence photos (QC, packing)."""

    order: str


class FirstArticleCb(CallbackData, prefix="fa"):
    """The customer approves an order's first article (`approve`), or asks for changes."""

    order: str
    approve: bool


class RateCb(CallbackData, prefix="r"):
    """The customer's stars for a delivered order; `send` submits without a comment."""

    order: str
    stars: int
    send: bool = False


class ReorderCb(CallbackData, prefix="ro"):
    """The customer re-orders a (delivered) order: priced again under today's card."""

    order: str


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


class ShippingCb(CallbackData, prefix="sm"):
    """The customer picks a shipping method (the rate card's id) for a quote, to `country`."""

    quote: str
    method: str
    country: str


class CheckoutCb(CallbackData, prefix="co"):
    """At checkout: show the addresses (`address` empty), pick one, or add a new one ("new")."""

    address: str = ""


class ClaimCb(CallbackData, prefix="cl"):
    """The customer reports a problem with a delivered order (opens a claim)."""

    order: str
