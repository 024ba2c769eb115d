"""What the quotes API takes and returns. Money is decimal strings, as in `smallbatch quote`."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter
from msgspec import UNSET, Meta, UnsetType, field

from backend.structs import Struct
from pricing.catalog import LeadName
from pricing.export import JsonReason
from pricing.specs import MAX_NOTE, MAX_SPEC_COUNT, MAX_SPEC_ROWS
from vocabulary import LEAD_NAMES

MAX_QUANTITY = 1_000_000
#: How many quantities one comparison or chart may ask for.
MAX_QUANTITIES = 20
Quantity = Annotated[int, Meta(ge=1, le=MAX_QUANTITY)]
Name = Annotated[str, Meta(min_length=1, max_length=64)]

_ONE_QUANTITY = r"(?:1000000|[1-9][0-9]{0,5})"  # 1..MAX_QUANTITY, no sign, no leading zero
#: Quantities as a query: "1,10,100", up to MAX_QUANTITIES of them; Litestar enforces it.
QUANTITY_LIST = rf"^{_ONE_QUANTITY}(?:,{_ONE_QUANTITY}){{0,{MAX_QUANTITIES - 1}}}$"
Quantities = Annotated[
    str,
    QueryParameter(pattern=QUANTITY_LIST, description="Comma-separated quantities, e.g. 1,10,100."),
]
ChartQuantities = Annotated[
    str | None,
    QueryParameter(
        pattern=QUANTITY_LIST,
        description="Add `chart_png`: the part's price chart at these quantities.",
    ),
]


class SpecRow(Struct, frozen=True):
    """`count` threads (or inserts) of one `size`, e.g. `{"size": "M5", "count": 4}`."""

    size: Annotated[str, Meta(min_length=1, max_length=16)]
    count: Annotated[int, Meta(ge=1, le=MAX_SPEC_COUNT)]


SpecRows = Annotated[list[SpecRow], Meta(max_length=MAX_SPEC_ROWS)]
#: The note as sent; the server drops control characters and keeps it as plain text.
Note = Annotated[str, Meta(max_length=MAX_NOTE)]


class QuoteCreate(Struct, frozen=True):
    """`POST /quotes`: what to price; the server prices it from the current rate card.

    The specifications are optional (left out: none, the card's default tolerance):
    `finish` and `tolerance` are ids from the catalog; `threads` tap the part's holes
    drilled for a thread (its report's `thread_candidates`), `inserts` name sizes from the
    catalog, `colour` one of the material's (or the finish's) colours, `note` free text.
    `first_article`: build-and-hold (the catalog's `first_article` terms; 2 parts or more).
    """

    part_id: Name
    process: Name
    material: Name
    quantity: Quantity
    lead: LeadName = "standard"
    finish: Name | None = None
    tolerance: Name | None = None
    threads: SpecRows = field(default_factory=list)
    inserts: SpecRows = field(default_factory=list)
    colour: Name | None = None
    note: Note | None = None
    first_article: bool = False


class QuoteChange(Struct, frozen=True):
    """`POST /quotes/{id}/requote`: the same choice priced anew from the current card.

    The same part, process and material at another quantity and/or lead tier, or with
    other specifications: a field left out stays as before; null (or `[]`) clears it. With
    `part_id`, another revision of the same part is priced the same way.
    """

    quantity: Quantity | None = None
    lead: LeadName | None = None
    part_id: Name | None = None
    finish: Name | UnsetType | None = UNSET
    tolerance: Name | UnsetType | None = UNSET
    threads: SpecRows | UnsetType = UNSET
    inserts: SpecRows | UnsetType = UNSET
    colour: Name | UnsetType | None = UNSET
    note: Note | UnsetType | None = UNSET
    first_article: bool | UnsetType = UNSET


class QuoteSpecs(Struct, frozen=True):
    """The specifications a quote was priced with (an order carries its quote's)."""

    finish: str | None
    tolerance: str
    threads: list[SpecRow]
    inserts: list[SpecRow]
    colour: str | None
    note: str | None
    first_article: bool = False  # one part made and approved by the customer before the batch


class Cheaper(Struct, frozen=True):
    """Another process and material cheaper per piece at a quantity near the quote's."""

    quantity: int
    process: str
    process_name: str
    material: str
    material_name: str
    unit_price: str  # before tax, in the quote's currency
    process_name_ru: str = ""
    material_name_ru: str = ""


class QuoteLine(Struct, frozen=True):
    """One line of the price; the lines add up to `total`.

    `label` is English; `code` (a stable key: "setup", "deburr", "stock" …) and `args`
    (the values in the label) let a client word it in its own language. A `per_part`
    line is `unit_amount × quantity`; any other line is for the whole batch.
    """

    label: str
    amount: str
    code: str = ""
    args: dict[str, str] = field(default_factory=dict)
    per_part: bool = False
    quantity: int = 1
    unit_amount: str | None = None  # per part, on per-part lines only


class ReviewHit(Struct, frozen=True):
    """A rate-card rule that sends the quote to a person (see `pricing.review`)."""

    code: str  # total_above | tolerance | drawing | warning | quantity_above | all_refused
    detail: str  # the threshold, tolerance id, warning code or "process:limit"


class PriceRange(Struct, frozen=True):
    """What a quote in review may cost, before tax, while a person checks it."""

    low: str
    high: str


class QuoteWarning(Struct, frozen=True):
    """A DFM warning on the part that the customer confirms when accepting."""

    code: str
    message: str


class Reviewed(Struct, frozen=True):
    """On a quote a person made by reviewing another: what changed, and their note."""

    review_id: str
    by: str
    note: str | None
    instant_total: str | None  # before tax; None when nothing could be priced instantly
    instant_lead_time_days: int | None


class Quote(Struct, frozen=True):
    """A priced quote: immutable, with the card version it was priced with, and an expiry."""

    id: str
    part_id: str
    filename: str  # the part's file name, as uploaded
    process: str
    process_name: str
    material: str
    material_name: str
    quantity: int
    lead: LeadName
    finish: str | None
    tolerance: str
    currency: str
    unit_price: str
    total: str  # before tax; what is charged before tax
    tax_label: str
    tax_rate: float
    tax: str
    total_with_tax: str
    lines: list[QuoteLine]
    lead_time_days: int
    ship_date: str
    machine: str | None
    card_version: str
    created_at: str
    expires_at: str
    expired: bool
    # Only when asked for (`?hint=true`): a comparison costs more than the quote itself.
    # null: no other process is cheaper near this quantity.
    cheaper: Cheaper | UnsetType | None = UNSET
    # Only with `?chart=…`: the part's price chart (PNG, base64 in JSON) at this lead tier.
    chart_png: bytes | UnsetType = UNSET
    # Why a person must confirm this price (an open mesh...): then it is an estimate.
    review: list[str] = field(default_factory=list)
    pieces: int = 1  # separate pieces (bodies) the price is for, made once per set
    # The names for Russian-speaking customers (the English ones when the card has none).
    process_name_ru: str = ""
    material_name_ru: str = ""
    tax_label_ru: str = ""
    # `review` with codes and values, for clients in other languages.
    review_details: list[JsonReason] = field(default_factory=list)
    # The specifications priced (with `finish` and `tolerance`); their lines are in `lines`.
    threads: list[SpecRow] = field(default_factory=list)
    inserts: list[SpecRow] = field(default_factory=list)
    colour: str | None = None
    note: str | None = None
    first_article: bool = False  # build-and-hold: the batch waits for the customer's approval
    # The finish and tolerance by name, in English and Russian (null: no finish).
    finish_name: str | None = None
    finish_name_ru: str | None = None
    tolerance_name: str = ""
    tolerance_name_ru: str = ""
    # Rules of the rate card that send this quote to a person: then it cannot be accepted,
    # the customer asks for a review (`POST /api/v1/reviews`) and sees `price_range`.
    review_rules: list[ReviewHit] = field(default_factory=list)
    price_range: PriceRange | None = None
    answer_hours: int | None = None  # working hours within which a person answers
    warnings: list[QuoteWarning] = field(default_factory=list)  # confirmed on accepting
    reviewed: Reviewed | None = None
    # The lead tiers the shop can offer for this part now (from its schedule): express is
    # left out when capacity cannot make its date.
    leads: list[LeadName] = field(default_factory=lambda: list(LEAD_NAMES))


class CatalogMaterial(Struct, frozen=True):
    """A material of a process: the rate card's id, the name customers read, its colours."""

    id: str
    name: str
    name_ru: str = ""
    colours: list[str] = field(default_factory=list)


class CatalogOption(Struct, frozen=True):
    """A finish or tolerance of a process: its id, English and Russian names, what it adds.

    `colours` (finishes): the colours it comes in, when it takes one. `per_drawing`
    (tolerances): the customer's drawing gives the tolerances.
    """

    id: str
    name: str
    name_ru: str
    extra_days: int
    colours: list[str] = field(default_factory=list)
    per_drawing: bool = False


class CatalogProcess(Struct, frozen=True):
    """A process the shop offers, with its materials and specifications, in the card's order.

    The first tolerance is the default; no finish means as made. `threads`: whether it
    taps holes drilled for a thread; `inserts`: the insert sizes it fits.
    """

    id: str
    name: str
    materials: list[CatalogMaterial]
    name_ru: str = ""
    finishes: list[CatalogOption] = field(default_factory=list)
    tolerances: list[CatalogOption] = field(default_factory=list)
    threads: bool = False
    inserts: list[str] = field(default_factory=list)


class CatalogCarrier(Struct, frozen=True):
    """A carrier of the rate card: its names and tracking URL template (`{number}` once)."""

    id: str
    name: str
    name_ru: str
    url: str


class Catalog(Struct, frozen=True):
    """`GET /api/v1/catalog`: the ids in comparisons and the names to show for them.

    `carriers`: the carriers staff pick when an order ships, whose pages the shipped
    message links.
    """

    card_version: str
    processes: list[CatalogProcess]
    carriers: list[CatalogCarrier] = field(default_factory=list)
    first_article: CatalogFirstArticle | None = None  # None: the shop offers none


class CatalogFirstArticle(Struct, frozen=True):
    """First-article build-and-hold as the card offers it: its price and the days it adds.

    `price` is before tax at the standard tier (a lead tier's factor applies to it too).
    """

    price: str
    hold_days: int


class ShippingOption(Struct, frozen=True):
    """One way to send a quote's parts: money as decimal strings, like a quote's.

    `price` is before tax and `tax` at the rate card's rate; `delivery_date` is the quote's
    `ship_date` plus `days` working days.
    """

    id: str
    name: str
    name_ru: str
    price: str
    tax: str
    price_with_tax: str
    days: int
    ship_date: str
    delivery_date: str


class ShippingOptions(Struct, frozen=True):
    """`GET /api/v1/quotes/{id}/shipping?country=`: the parcel and the ways to send it.

    `size_mm` is the packed parcel, longest side first; `options` come cheapest first.
    """

    country: str
    weight_kg: float
    size_mm: list[float]
    currency: str
    options: list[ShippingOption]
