"""Shipping: the packed parcel, the methods that take it, and what must hold for any order."""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing import RateCard, RateCardError, load_rate_card, parse_rate_card
from pricing.catalog import DEFAULT_CARD
from pricing.shipping import Parcel, fits, grid_counts, parcel_for, shipping_options, ships_to

CARD = load_rate_card(DEFAULT_CARD)
assert CARD.shipping is not None
SHIPPING = CARD.shipping
FAST = settings(max_examples=80, deadline=None)

sides = st.floats(min_value=0.0, max_value=800.0)
boxes = st.tuples(sides, sides, sides)
quantities = st.integers(min_value=1, max_value=1_000_000)
weights = st.floats(min_value=0.0, max_value=2000.0)
countries = st.sampled_from([*SHIPPING.countries, "US", "JP", "de"])


def parcel(weight_kg: float, *size_mm: float) -> Parcel:
    return Parcel(weight_kg=weight_kg, size_mm=(size_mm[0], size_mm[1], size_mm[2]))


def ids(card: RateCard, box: Parcel, country: str) -> list[str]:
    return [option.id for option in shipping_options(card, box, country)]


def test_one_part_is_its_box_with_padding_on_every_side_and_weighs_its_material() -> None:
    box = parcel_for(50.0, 1.2, 1, (30.0, 120.0, 10.0), packing_mm=20.0, packing_kg=0.5)
    assert box.size_mm == (160.0, 70.0, 50.0)  # 120 + 40, 30 + 40, 10 + 40, longest first
    assert box.weight_kg == pytest.approx(50.0 * 1.2 / 1000 + 0.5)


def test_flat_parts_stack_along_their_thickness_before_the_grid_spreads() -> None:
    assert grid_counts((100.0, 100.0, 5.0), 10) == (1, 1, 10)  # 50 mm high: still the shortest
    assert grid_counts((100.0, 100.0, 5.0), 40) == (1, 1, 40)  # 200 mm: a tie, still stacked
    assert grid_counts((100.0, 100.0, 5.0), 41) == (2, 1, 40)  # then the layer widens
    # A cube-like batch grows into a cube; the grid may keep empty places, as a carton does.
    assert grid_counts((10.0, 10.0, 10.0), 1000) == (10, 10, 10)
    assert grid_counts((10.0, 10.0, 10.0), 9) == (3, 2, 2)  # 2 × 2 × 2 is full: one side grows
    # A sheet measured 0 mm thick still takes room.
    assert grid_counts((50.0, 50.0, 0.0), 5) == (1, 1, 5)
    assert parcel_for(1.0, 1.0, 5, (50.0, 50.0, 0.0)).size_mm == (50.0, 50.0, 1.0)


def test_a_light_order_goes_by_parcel_or_courier_and_pickup_comes_first_being_free() -> None:
    light = parcel(2.0, 300.0, 200.0, 100.0)
    options = shipping_options(CARD, light, "DE")
    assert [o.id for o in options] == ["pickup", "standard", "express"]
    assert options[1].price == pytest.approx(6.90 + 0.40 * 2.0)  # base + per kg
    assert [o.days for o in options] == [0, 3, 1]
    assert options[1].name_ru == "Стандартная посылка"
    # Express is the EU's only: Norway gets the parcel, not the courier.
    assert ids(CARD, light, "NO") == ["pickup", "standard"]
    assert ids(CARD, light, "no") == ["pickup", "standard"]  # any case


def test_a_heavy_or_long_order_leaves_the_parcel_carriers_for_the_pallet() -> None:
    at_limit = ["pickup", "standard", "express", "pallet"]  # 30 kg up goes by pallet too
    assert ids(CARD, parcel(31.5, 600.0, 400.0, 300.0), "DE") == at_limit
    assert ids(CARD, parcel(31.6, 600.0, 400.0, 300.0), "DE") == ["pickup", "pallet"]
    assert ids(CARD, parcel(5.0, 1201.0, 100.0, 100.0), "DE") == ["pickup"]  # long, light
    assert ids(CARD, parcel(29.9, 1300.0, 100.0, 100.0), "DE") == ["pickup"]
    assert ids(CARD, parcel(5000.0, 1000.0, 1000.0, 1000.0), "DE") == ["pickup"]


def test_a_card_without_pickup_or_pallet_offers_nothing_for_an_order_too_heavy_to_post() -> None:
    methods = msgspec.structs.replace(SHIPPING.methods, pickup=None, pallet=None)
    shipping = msgspec.structs.replace(SHIPPING, methods=methods)
    card = msgspec.structs.replace(CARD, shipping=shipping)
    assert ids(card, parcel(40.0, 300.0, 300.0, 300.0), "DE") == []
    assert ids(card, parcel(4.0, 300.0, 300.0, 300.0), "DE") == ["standard", "express"]


def test_the_shop_ships_only_to_its_countries_and_nowhere_without_a_shipping_table() -> None:
    assert ships_to(CARD, "DE") and ships_to(CARD, "gb") and ships_to(CARD, "CH")
    assert not ships_to(CARD, "US") and not ships_to(CARD, "") and not ships_to(CARD, "DEU")
    assert ids(CARD, parcel(1.0, 100.0, 100.0, 100.0), "US") == []
    bare = msgspec.structs.replace(CARD, shipping=None)
    assert not ships_to(bare, "DE")
    assert shipping_options(bare, parcel(1.0, 100.0, 100.0, 100.0), "DE") == []


@FAST
@given(first=weights, second=weights, country=countries)
def test_a_method_never_costs_less_for_a_heavier_parcel(
    first: float, second: float, country: str
) -> None:
    light, heavy = sorted((first, second))
    cheap = {o.id: o.price for o in shipping_options(CARD, parcel(light, 500, 300, 200), country)}
    dear = {o.id: o.price for o in shipping_options(CARD, parcel(heavy, 500, 300, 200), country)}
    for method in cheap.keys() & dear.keys():
        assert cheap[method] <= dear[method]


@FAST
@given(box=boxes, volume=st.floats(0.0, 5000.0), density=st.floats(0.5, 8.0), few=quantities,
       more=quantities)  # fmt: skip
def test_more_parts_are_never_lighter_nor_a_smaller_parcel(
    box: tuple[float, float, float], volume: float, density: float, few: int, more: int
) -> None:
    few, more = sorted((few, more))
    small = parcel_for(volume, density, few, box, packing_mm=20.0, packing_kg=0.5)
    large = parcel_for(volume, density, more, box, packing_mm=20.0, packing_kg=0.5)
    assert small.weight_kg <= large.weight_kg
    assert all(a <= b for a, b in zip(small.size_mm, large.size_mm, strict=True))
    assert list(large.size_mm) == sorted(large.size_mm, reverse=True)
    # The grid holds every part, and each side holds the parts' boxes and the padding.
    counts = grid_counts(box, more)
    assert math.prod(counts) >= more
    assert large.size_mm[0] >= max(box) + 40.0 - 1e-6


@FAST
@given(weight=weights, size=boxes, country=countries)
def test_every_option_respects_its_limits_and_the_cheapest_comes_first(
    weight: float, size: tuple[float, float, float], country: str
) -> None:
    box = parcel(weight, *sorted(size, reverse=True))
    options = shipping_options(CARD, box, country)
    assert [o.price for o in options] == sorted(o.price for o in options)
    offered = {o.id for o in options}
    for ident, method in SHIPPING.methods.items():
        assert (ident in offered) == fits(CARD, method, box, country), ident
        if ident in offered:
            assert method.min_kg <= weight <= (method.max_kg or math.inf)
            assert box.size_mm[0] <= (method.max_side_mm or math.inf)
            assert country.upper() in (method.countries or SHIPPING.countries)
    if ships_to(CARD, country):
        assert "pickup" in offered  # the stock card's pickup has no limits


DEFAULT_TEXT = DEFAULT_CARD.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('  "AT", "BE"', '  "at", "BE"', "shipping.countries[0]: expected `str` matching"),
        ('"SK",\n  "GB"', '"SK",\n  "SK"', "shipping: country id 'SK' appears twice"),
        ("per_kg = 0.40", "per_kg = -0.40", "shipping.methods.standard.per_kg: expected >= 0"),
        ("per_kg = 0.40", "per_kg = 0.40\nper_kilo = 0.4", "unknown field `per_kilo`"),
        ('name_ru = "Стандартная посылка"\n', "", "missing required field `name_ru`"),
        ("min_kg = 30.0", "min_kg = 2000.0", "methods.pallet: min_kg must not exceed max_kg"),
        ('"SK",\n]   # the EU', '"SK", "US",\n]   # the EU', "express.countries names countries n"),
        ("[shipping.methods.pickup]", "[shipping.methods.pick-up]", "unknown field `pick-up`"),
        ("deposit_percent = 50", "deposit_percent = 150", "moulding.deposit_percent: expected <="),
        ('country = "DE"', 'country = "Germany"', "shop.country: expected `str` matching"),
    ],
)
def test_a_wrong_shipping_table_names_the_field_and_the_problem(
    old: str, new: str, problem: str
) -> None:
    assert DEFAULT_TEXT.count(old) >= 1, old
    with pytest.raises(RateCardError) as caught:
        parse_rate_card(DEFAULT_TEXT.replace(old, new, 1).encode(), "card.toml")
    assert str(caught.value).startswith("card.toml: ")
    assert problem in str(caught.value)


def test_a_card_without_shipping_loads_and_deposits_default_to_none() -> None:
    start, end = DEFAULT_TEXT.index("[shipping]"), DEFAULT_TEXT.index("[lead.economy]")
    card = parse_rate_card((DEFAULT_TEXT[:start] + DEFAULT_TEXT[end:]).encode())
    assert card.shipping is None and card.shop.country == "DE"
    assert CARD.processes.moulding is not None and CARD.processes.casting is not None
    assert (CARD.processes.moulding.deposit_percent, CARD.processes.casting.deposit_percent) == (
        50, 30,
    )  # fmt: skip
    assert all(process.deposit_percent == 0 for pid, process in CARD.offered()
               if pid not in {"moulding", "casting"})  # fmt: skip
