"""The shop's rate card: TOML decoded into frozen msgspec Structs.

Every figure a price depends on lives here, so a shop tunes prices by editing
one file. Units are part of each field name: `_mm`, `_cm3`, `_h`, `density` in
g/cm³, money in the card's currency (major units; rates are multiplied by
measured floats, and only the results are rounded to integer minor units).

A wrong card fails at load with a `RateCardError` naming the file and the
field, for example `card.toml: processes.sla.materials[2].density: expected > 0`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

import vocabulary
from pricing.carriers import Carrier, CarrierId, check_carriers
from pricing.errors import RateCardError
from pricing.quality import Quality
from pricing.shopfloor import Planning, check_planning

#: The card that ships with the package.
DEFAULT_CARD = Path(__file__).with_name("catalog.toml")

Positive = Annotated[float, Meta(gt=0)]
NonNegative = Annotated[float, Meta(ge=0)]
Share = Annotated[float, Meta(ge=0, le=1)]
Days = Annotated[int, Meta(ge=0)]
Count = Annotated[int, Meta(ge=1)]
Percent = Annotated[int, Meta(ge=0, le=100)]
#: An ISO 3166-1 alpha-2 country code, upper case: "DE".
CountryCode = Annotated[str, Meta(pattern=r"^[A-Z]{2}$")]
Ident = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=32)]
Envelope = tuple[Positive, Positive, Positive]
#: The Russian name customers read (where optional, None shows the English `name`).
NameRu = Annotated[str, Meta(min_length=1, max_length=80)]
#: What a material is, for the "cheaper at N" hint: it compares like with like only.
MaterialFamily = Literal["metal", "polymer"]
# The shared choices under the names pricing has always given them (defined in `vocabulary`).
LeadName = vocabulary.LeadName
ProcessId = vocabulary.ProcessId
#: Every process the library can price, in the order tables list them.
PROCESS_IDS = vocabulary.PROCESS_IDS


class Card(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every rate-card value."""


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ValueError(f"{kind} id {ident!r} appears twice")
        seen.add(ident)


class LeadTier(Card, frozen=True, kw_only=True):
    """A delivery speed: handling days before the ship date and a price factor."""

    name: str
    name_ru: NameRu | None = None
    days: Days
    factor: Positive


class LeadTiers(Card, frozen=True, kw_only=True):
    """The three delivery speeds every card offers."""

    economy: LeadTier
    standard: LeadTier
    express: LeadTier

    def __post_init__(self) -> None:
        if not self.economy.days >= self.standard.days >= self.express.days:
            raise ValueError("lead days must not rise from economy to standard to express")
        if not self.economy.factor <= self.standard.factor <= self.express.factor:
            raise ValueError("lead factors must not fall from economy to standard to express")


class Machine(Card, frozen=True, kw_only=True):
    """A machine: its usable build envelope (or travel) and what an hour costs."""

    id: Ident
    name: str
    name_ru: NameRu | None = None
    envelope_mm: Envelope
    hourly_rate: NonNegative


class Material(Card, frozen=True, kw_only=True):
    """A material, priced per kg or per litre (exactly one of the two)."""

    id: Ident
    name: str
    name_ru: NameRu | None = None
    family: MaterialFamily = "polymer"
    density: Positive  # g/cm³
    price_per_kg: Positive | None = None
    price_per_litre: Positive | None = None
    min_wall_mm: Positive
    colours: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.price_per_kg is None) == (self.price_per_litre is None):
            raise ValueError("give exactly one of price_per_kg and price_per_litre")

    @property
    def price_per_cm3(self) -> float:
        """Money per cm³ of solid material."""
        if self.price_per_litre is not None:
            return self.price_per_litre / 1000.0
        assert self.price_per_kg is not None  # __post_init__ guarantees one of the two
        return self.price_per_kg * self.density / 1000.0


class CncMaterial(Material, frozen=True, kw_only=True):
    """A stock material with the cutting rates a 3-axis mill reaches in it."""

    removal_rate_cm3_min: Positive  # roughing
    finish_rate_cm2_min: Positive  # finishing passes over the surface


Colour = Annotated[str, Meta(min_length=1, max_length=40)]


class Finish(Card, frozen=True, kw_only=True):
    """A surface finish of a process: priced per cm² of surface, per part and per order.

    A finish with `colours` takes a colour (anodising, paint, dye): the customer picks
    one of them instead of the material's own colours.
    """

    id: Ident
    name: str
    name_ru: NameRu
    per_cm2: NonNegative = 0.0
    per_part: NonNegative = 0.0
    per_order: NonNegative = 0.0  # once per batch: polishing a mould tool (SPI finishes)
    extra_days: Days = 0
    colours: tuple[Colour, ...] = ()


class Tolerance(Card, frozen=True, kw_only=True):
    """A tolerance tier; `time_factor` scales every machine-time term.

    `per_part` pays for inspection; `per_drawing` marks the tier whose tolerances are
    on the customer's drawing ("tighter, per drawing"), which a person confirms.
    """

    id: Ident
    name: str
    name_ru: NameRu
    tolerance_mm: Positive
    time_factor: Positive = 1.0
    per_part: NonNegative = 0.0
    extra_days: Days = 0
    per_drawing: bool = False


class TapRate(Card, frozen=True, kw_only=True):
    """Tapping one threaded hole whose tap drill is at most `up_to_drill_mm`."""

    up_to_drill_mm: Positive
    per_hole: NonNegative


class Tapping(Card, frozen=True, kw_only=True):
    """Threads tapped into the part's tap-drill holes, priced per hole by size range."""

    extra_days: Days = 0
    rates: Annotated[tuple[TapRate, ...], Meta(min_length=1)]

    def __post_init__(self) -> None:
        drills = [rate.up_to_drill_mm for rate in self.rates]
        if drills != sorted(set(drills)):
            raise ValueError("rates must rise in up_to_drill_mm, each size once")

    def rate(self, drill_mm: float) -> TapRate | None:
        """The rate for a hole with this tap drill, or None when it is larger than every range."""
        return next((r for r in self.rates if drill_mm <= r.up_to_drill_mm + 1e-9), None)


class InsertSize(Card, frozen=True, kw_only=True):
    """One threaded insert: what it costs and how long it takes to set."""

    size: Annotated[str, Meta(min_length=1, max_length=16)]  # as customers say it: "M3"
    per_insert: NonNegative
    install_minutes: NonNegative


class Inserts(Card, frozen=True, kw_only=True):
    """Threaded inserts (heat-set or pressed) the process fits, and the labour rate to set them."""

    labour_rate: NonNegative  # money per hour of setting inserts
    extra_days: Days = 0
    sizes: Annotated[tuple[InsertSize, ...], Meta(min_length=1)]

    def __post_init__(self) -> None:
        _unique("insert", [i.size for i in self.sizes])

    def size(self, name: str) -> InsertSize | None:
        """The insert of this size, or None."""
        return next((i for i in self.sizes if i.size == name), None)


class Process(Card, frozen=True, kw_only=True):
    """What every process carries; the first tolerance tier is the default.

    Finishes, tolerances, tapping and inserts are the specifications a customer may add.
    """

    name: str
    name_ru: NameRu | None = None
    lead_days: Days = 0  # added to the lead tier's days (tool making, moulds)
    hours_per_day: Positive = 16.0  # production hours per working day, all the shop's machines
    machines: Annotated[tuple[Machine, ...], Meta(min_length=1)]
    materials: Annotated[tuple[Material, ...], Meta(min_length=1)]
    finishes: tuple[Finish, ...] = ()
    tolerances: Annotated[tuple[Tolerance, ...], Meta(min_length=1)]
    tapping: Tapping | None = None  # None: the process taps no threads
    inserts: Inserts | None = None  # None: the process fits no inserts
    deposit_percent: Percent = 0  # share of the total paid up front (tooling), 0: none

    def __post_init__(self) -> None:
        _unique("machine", [m.id for m in self.machines])
        _unique("material", [m.id for m in self.materials])
        _unique("finish", [f.id for f in self.finishes])
        _unique("tolerance", [t.id for t in self.tolerances])

    def material(self, ident: str) -> Material | None:
        """The material with this id, or None."""
        return next((m for m in self.materials if m.id == ident), None)

    def finish(self, ident: str) -> Finish | None:
        """The finish with this id, or None."""
        return next((f for f in self.finishes if f.id == ident), None)

    def tolerance(self, ident: str) -> Tolerance | None:
        """The tolerance tier with this id, or None."""
        return next((t for t in self.tolerances if t.id == ident), None)


class PrintProcess(Process, frozen=True, kw_only=True):
    """FDM and SLA: parts laid side by side on a build plate."""

    spacing_mm: NonNegative  # gap between parts on the plate
    fill_share: Annotated[float, Meta(gt=0, le=1)]  # printed share of the part volume (infill)
    support_share: Share  # printed share of the support volume from the report
    waste: Share  # purge, failed prints, resin left in the tank
    seconds_per_cm3: NonNegative  # per part, per printed cm³
    seconds_per_cm2: NonNegative  # per part, per cm² of surface (perimeters)
    seconds_per_layer: NonNegative  # per build, per layer (recoat, peel)
    layer_height_mm: Positive
    setup_per_build: NonNegative  # plate preparation, slicing, removal
    post_per_part: NonNegative  # support removal, washing, curing


class PowderProcess(Process, frozen=True, kw_only=True):
    """SLS and MJF: parts nested in three dimensions inside the powder bed."""

    spacing_mm: NonNegative
    build_hours: Positive  # one full build, warm-up and cooling included
    build_setup: NonNegative  # loading, unpacking, sieving per build
    min_build_share: Annotated[float, Meta(gt=0, le=1)]  # least share of a build one order pays
    cake_density: Positive  # g/cm³ of loose powder around the parts
    refresh_share: Share  # share of the cake powder replaced with fresh powder
    depowder_per_part: NonNegative
    depowder_per_cm2: NonNegative


class CncProcess(Process, frozen=True, kw_only=True):
    """Three-axis milling from a block of stock."""

    materials: Annotated[tuple[CncMaterial, ...], Meta(min_length=1)]
    stock_allowance_mm: NonNegative  # added on every side of the bounding box
    setup_hours: Positive  # per setup: fixture, zeroing, first-part check
    programming_hours: NonNegative  # CAM for the part
    programming_hours_per_setup: NonNegative
    programming_rate: NonNegative  # money per CAM hour
    load_minutes_per_setup: NonNegative  # per part and setup: clamp, unclamp
    deburr_per_part: NonNegative
    unreachable_tolerance: Share  # share of surface allowed out of every axis's reach


class CastingProcess(Process, frozen=True, kw_only=True):
    """Vacuum (urethane) casting in silicone moulds made from an SLA master."""

    master_material: Ident  # SLA material id for the master pattern
    master_finish_per_cm2: NonNegative  # sanding the master to the surface customers see
    mould_wall_mm: Positive  # silicone around the part on every side
    silicone_density: Positive
    silicone_price_per_kg: Positive
    mould_hours: NonNegative  # labour per mould
    labour_rate: NonNegative
    mould_life: Count  # castings per mould
    resin_waste: Share  # gates, risers, mixing loss
    cycle_minutes: NonNegative  # vacuum chamber and oven time per casting
    labour_minutes_per_part: NonNegative  # demoulding, degating, trimming


class MouldingProcess(Process, frozen=True, kw_only=True):
    """Injection moulding in an aluminium bridge tool."""

    tool_base: Positive  # simplest two-plate aluminium tool
    tool_per_cm2: NonNegative  # per cm² of projected area
    tool_complexity_per_cm2: NonNegative  # per cm² of projected area and unit of concavity
    side_action_cost: NonNegative
    side_action_area_mm2: Positive  # undercut area one side action releases
    max_side_actions: Annotated[int, Meta(ge=0)]
    undercut_tolerance_mm2: NonNegative  # undercut below this is draft noise
    tool_life: Count  # shots per aluminium tool
    min_quantity: Count
    press_setup_hours: NonNegative  # mounting, purging, first-off approval
    base_cycle_s: Positive  # injection, opening, ejection
    cooling_s_per_mm2: NonNegative  # cooling grows with the wall thickness squared
    runner_share: Share  # cold runner and purge
    handling_per_part: NonNegative


class Processes(Card, frozen=True, kw_only=True):
    """The processes the shop offers; leave one out to stop offering it."""

    fdm: PrintProcess | None = None
    sla: PrintProcess | None = None
    sls: PowderProcess | None = None
    mjf: PowderProcess | None = None
    cnc: CncProcess | None = None
    casting: CastingProcess | None = None
    moulding: MouldingProcess | None = None


class Shop(Card, frozen=True, kw_only=True):
    """Who sends the quotes: the shop's details and terms, printed on every quote document.

    Each line of `address` and `payment` is printed as written; `terms_en` and `terms_ru`
    are the terms in each language the documents speak, one paragraph per item.
    """

    name: Annotated[str, Meta(min_length=1, max_length=120)] = "smallbatch"
    address: list[Annotated[str, Meta(max_length=120)]] = []
    email: str = ""
    phone: str = ""
    website: str = ""
    country: CountryCode = "DE"  # where the shop is: reverse charge applies across a border
    tax_id: str = ""
    payment: list[Annotated[str, Meta(max_length=120)]] = []
    terms_en: list[str] = []
    terms_ru: list[str] = []


class ShippingMethod(Card, frozen=True, kw_only=True):
    """A way to send (or hand over) an order: price = base + per_kg × the parcel's weight.

    The limits are a carrier's: a parcel over `max_kg` or with a side over `max_side_mm`
    does not go this way (None: no limit), nor one under `min_kg` (a pallet for heavy
    orders only). `countries` narrows the card's shipping countries for this method.
    """

    name: Annotated[str, Meta(min_length=1, max_length=80)]
    name_ru: NameRu
    base: NonNegative
    per_kg: NonNegative = 0.0
    days: Days = 0  # working days added to the ship date
    min_kg: NonNegative = 0.0
    max_kg: Positive | None = None
    max_side_mm: Positive | None = None
    countries: tuple[CountryCode, ...] | None = None  # None: every country of the card

    def __post_init__(self) -> None:
        if self.max_kg is not None and self.min_kg > self.max_kg:
            raise ValueError("min_kg must not exceed max_kg")
        if self.countries is not None:
            _unique("country", list(self.countries))


class ShippingMethods(Card, frozen=True, kw_only=True):
    """The ways the shop sends orders, by id; leave one out to stop offering it.

    Named fields rather than a table of any ids, so a misspelt id is an error naming it
    (as for processes); a new kind of method is one more field here.
    """

    pickup: ShippingMethod | None = None
    standard: ShippingMethod | None = None
    express: ShippingMethod | None = None
    pallet: ShippingMethod | None = None

    def items(self) -> list[tuple[str, ShippingMethod]]:
        """The methods on the card as (id, method), in this order."""
        found = ((ident, getattr(self, ident)) for ident in self.__struct_fields__)
        return [(ident, method) for ident, method in found if method is not None]


class Shipping(Card, frozen=True, kw_only=True):
    """Where the shop ships, how parts are packed and the methods it offers."""

    countries: Annotated[tuple[CountryCode, ...], Meta(min_length=1)]
    packing_mm: NonNegative = 0.0  # padding on every side of the packed parts
    packing_kg: NonNegative = 0.0  # the carton and padding, per parcel
    methods: ShippingMethods

    def __post_init__(self) -> None:
        _unique("country", list(self.countries))
        if not self.methods.items():
            raise ValueError("offer at least one shipping method")
        for ident, method in self.methods.items():
            stray = sorted(set(method.countries or ()) - set(self.countries))
            if stray:
                raise ValueError(
                    f"methods.{ident}.countries names countries not shipped to: {stray}"
                )


#: A rule's id for a tolerance tier or a warning: lower case, digits, `-` and `_`.
RuleId = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=32)]
Hour = Annotated[int, Meta(ge=0, le=24)]


class WorkingHours(Card, frozen=True, kw_only=True):
    """When a person at the shop answers: ISO weekdays (1 = Monday) and hours, local time."""

    days: Annotated[tuple[Annotated[int, Meta(ge=1, le=7)], ...], Meta(min_length=1)] = (
        1, 2, 3, 4, 5,
    )  # fmt: skip
    start_hour: Hour = 9
    end_hour: Hour = 18
    utc_offset_hours: Annotated[int, Meta(ge=-12, le=14)] = 0

    def __post_init__(self) -> None:
        if self.start_hour >= self.end_hour:
            raise ValueError("start_hour must come before end_hour")
        if len(set(self.days)) != len(self.days):
            raise ValueError("a day appears twice")


class QuantityRule(Card, frozen=True, kw_only=True):
    """More than `above` parts of `process` go to a person."""

    process: ProcessId
    above: Count


class ReviewRules(Card, frozen=True, kw_only=True):
    """Which quotes a person checks before the customer can accept, and how soon they answer."""

    answer_hours: Annotated[int, Meta(ge=1, le=240)] = 8  # working hours
    working: WorkingHours = msgspec.field(default_factory=WorkingHours)
    total_above: NonNegative | None = None  # major units, before tax
    tolerances: tuple[RuleId, ...] = ()  # tolerance ids of the card
    drawing: bool = False  # a drawing is attached
    warnings: tuple[RuleId, ...] = ()  # warning codes of the part's report or the quote
    quantity: tuple[QuantityRule, ...] = ()
    all_refused: bool = True  # every process refused the part: a person looks at it
    range_low: Annotated[float, Meta(gt=0, le=1)] = 0.9  # the range shown instead of a price
    range_high: Annotated[float, Meta(ge=1, le=5)] = 1.3


class Claims(Card, frozen=True, kw_only=True):
    """After delivery: how many days a customer has to open a claim on an order."""

    window_days: Annotated[int, Meta(ge=1, le=365)] = 14


class FirstArticle(Card, frozen=True, kw_only=True):
    """First-article build-and-hold: one part made and inspected, the batch after approval.

    `per_order` is its cost before margin (an extra set-up, the inspection, the photos);
    `hold_days` the working days the quote allows for the customer's approval.
    """

    per_order: NonNegative
    hold_days: Annotated[int, Meta(ge=0, le=30)] = 2


def tolerance_ids(card: RateCard) -> set[str]:
    """Every tolerance id the card offers, over all processes (what review rules may name)."""
    return {t.id for _, process in card.offered() for t in process.tolerances}


class RateCard(Card, frozen=True, kw_only=True):
    """The whole rate card; `version` is a short hash of its content."""

    title: str = "Rate card"
    currency: Annotated[str, Meta(pattern=r"^[A-Z]{3}$")]
    currency_digits: Annotated[int, Meta(ge=0, le=3)] = 2
    margin: Annotated[float, Meta(ge=0, le=5)]  # added on top of cost: price = cost × (1 + margin)
    minimum_order: NonNegative  # an order's total before tax is at least this
    tax_rate: Share
    tax_label: str = "VAT"
    tax_label_ru: NameRu | None = None
    lead: LeadTiers
    processes: Processes
    shop: Shop = Shop()
    review: ReviewRules = msgspec.field(default_factory=ReviewRules)
    claims: Claims = msgspec.field(default_factory=Claims)
    first_article: FirstArticle | None = None  # None: the shop offers no build-and-hold
    shipping: Shipping | None = None  # None: the shop ships nowhere (see `pricing.shipping`)
    planning: Planning | None = None  # None: derived from the processes (`shopfloor.shop_floor`)
    quality: Quality = Quality()  # the AQLs QC samples lots to (ISO 2859-1)
    # The carriers' tracking pages (`pricing.carriers`): a shipped order links its number.
    carriers: dict[CarrierId, Carrier] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.offered():
            raise ValueError("offer at least one process")
        self._check_review()
        check_carriers(self.carriers)
        check_planning(self)
        casting = self.processes.casting
        if casting is not None:
            sla = self.processes.sla
            if sla is None or sla.material(casting.master_material) is None:
                raise ValueError(
                    f"casting.master_material {casting.master_material!r} names no SLA material"
                )

    def _check_review(self) -> None:
        unknown = sorted(set(self.review.tolerances) - tolerance_ids(self))
        if unknown:
            raise ValueError(f"review.tolerances names no tolerance of the card: {unknown}")
        # A quantity rule for a process left out is harmless (its id is checked by type).

    def offered(self) -> list[tuple[ProcessId, Process]]:
        """The processes on the card, in table order."""
        found: list[tuple[ProcessId, Process]] = []
        for pid in PROCESS_IDS:
            process = getattr(self.processes, pid)
            if process is not None:
                found.append((pid, process))
        return found

    def process(self, ident: str) -> Process | None:
        """The process with this id, or None."""
        return next((process for pid, process in self.offered() if pid == ident), None)

    @property
    def version(self) -> str:
        """Short content hash; see `card_version`."""
        return card_version(self)


def card_version(card: RateCard) -> str:
    """A stable 12-hex-digit hash of the card's content.

    It hashes the canonical encoding of the decoded card (JSON with sorted keys),
    so comments and layout in the TOML file do not change it but any figure
    does. Quotes carry it so an old quote names the card it was priced with.
    """
    try:
        return _cached_version(card)
    except TypeError:  # a hand-built card holding lists is not hashable
        return _version(card)


def _version(card: RateCard) -> str:
    canonical = msgspec.json.encode(card, order="sorted")
    return hashlib.sha256(canonical).hexdigest()[:12]


# Decoded cards are frozen and hashable, and equal cards have equal versions.
_cached_version = functools.lru_cache(maxsize=16)(_version)


_AT = re.compile(r"^(?P<problem>.*) - at `\$(?P<path>[^`]*)`$", re.S)
_BOUND = re.compile(r"^Expected `\w+` (?P<op>[<>]=?) (?P<value>\S+)$")


def _plain_number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if math.isfinite(value) and value.is_integer() else text


def describe_validation_error(err: msgspec.ValidationError) -> str:
    """`processes.sla.materials[2].density: expected > 0` from msgspec's message."""
    text = str(err)
    match = _AT.match(text)
    path, problem = (match["path"].lstrip("."), match["problem"]) if match else ("", text)
    bound = _BOUND.match(problem)
    if bound:
        problem = f"expected {bound['op']} {_plain_number(bound['value'])}"
    elif problem:
        problem = problem[0].lower() + problem[1:]
    return f"{path}: {problem}" if path else problem


def parse_rate_card(data: bytes, source: str = "<rate card>") -> RateCard:
    """Decode and validate TOML bytes; `source` names them in errors."""
    try:
        return msgspec.toml.decode(data, type=RateCard)
    except msgspec.ValidationError as err:
        raise RateCardError(f"{source}: {describe_validation_error(err)}") from err
    except msgspec.DecodeError as err:
        raise RateCardError(f"{source}: not valid TOML: {err}") from err


def load_rate_card(path: str | os.PathLike[str] | None = None) -> RateCard:
    """Load a rate card.

    Args:
        path: the TOML file; None means the card packaged with the library. (Which
            card a shop runs on is the backend's setting `SMALLBATCH_RATE_CARD`.)

    Raises:
        RateCardError: the file is missing, unreadable, not TOML or invalid; the
            message names the path and the problem.
    """
    if path is None:
        path = DEFAULT_CARD
    source = os.fspath(path)
    try:
        data = Path(source).read_bytes()
    except OSError as err:
        raise RateCardError(f"{source}: cannot read the rate card: {err.strerror}") from err
    return parse_rate_card(data, source)
