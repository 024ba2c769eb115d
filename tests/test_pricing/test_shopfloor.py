"""The shop floor in the rate card: machines with calendars, refused with the field's path."""

from __future__ import annotations

import re

import msgspec
import pytest

from pricing import RateCard
from pricing.catalog import DEFAULT_CARD, parse_rate_card
from pricing.errors import RateCardError
from pricing.shopfloor import STAGES, shop_floor

DEFAULT_TEXT = DEFAULT_CARD.read_text(encoding="utf-8")
FLOOR_START = DEFAULT_TEXT.index("[planning]")


def machine_block(ident: str) -> str:
    """The TOML of one `[[planning.machines]]` entry of the default card, by id."""
    blocks = DEFAULT_TEXT[FLOOR_START:].split("[[planning.machines]]")
    return next(b for b in blocks if f'id = "{ident}"' in b)


def refusal(ident: str, old: str, new: str) -> str:
    """The error message of the default card with one line of machine `ident` changed."""
    block = machine_block(ident)
    assert old in block, f"{old!r} not in {ident}"
    text = DEFAULT_TEXT.replace(block, block.replace(old, new, 1))
    with pytest.raises(RateCardError) as caught:
        parse_rate_card(text.encode(), "card.toml")
    return caught.value.message


def index_of(card: RateCard, ident: str) -> int:
    """The position of machine `ident` in the default card's `[planning]`."""
    assert card.planning is not None
    return [m.id for m in card.planning.machines].index(ident)


def test_the_default_card_has_a_machine_for_every_process_and_station(card: RateCard) -> None:
    assert card.planning is not None
    works = {m.process for m in card.planning.machines}
    assert works >= {pid for pid, _ in card.offered()} | set(STAGES)


def test_a_shift_of_no_hours_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "inspection")
    message = refusal("inspection", "hours_per_day = 8 ", "hours_per_day = 0 ")
    assert message == f"card.toml: planning.machines[{at}].hours_per_day: expected > 0"


def test_a_calendar_without_working_days_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "fuse-1")
    message = refusal("fuse-1", "days = [1, 2, 3, 4, 5, 6, 7]", "days = []")
    assert message.startswith(f"card.toml: planning.machines[{at}].days: expected")
    assert "length >= 1" in message


def test_a_shift_past_midnight_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "mill")
    message = refusal("mill", "start_hour = 6 ", "start_hour = 10 ")
    assert message.startswith(f"card.toml: planning.machines[{at}]: the shift must end by midnight")


def test_a_machine_without_a_process_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "mill")
    message = refusal("mill", 'process = "cnc"\n', "")
    assert message == f"card.toml: planning.machines[{at}]: object missing required field `process`"


def test_a_machine_with_an_unknown_process_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "mill")
    message = refusal("mill", 'process = "cnc"', 'process = "laser"')
    assert message.startswith(f"card.toml: planning.machines[{at}].process: invalid enum value")
    assert "laser" in message


def test_a_zero_build_volume_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "form-4")
    message = refusal("form-4", "[200.0, 125.0, 210.0]", "[200.0, 125.0, 0.0]")
    assert message == f"card.toml: planning.machines[{at}].build_volume_mm[2]: expected > 0"


def test_a_powder_machine_without_a_build_volume_is_refused(card: RateCard) -> None:
    at = index_of(card, "hp-5200")
    message = refusal("hp-5200", "build_volume_mm = [380.0, 284.0, 380.0]", "")
    assert message == f"card.toml: planning.machines[{at}]: a mjf machine needs build_volume_mm"


def test_an_unknown_material_is_refused_with_its_path(card: RateCard) -> None:
    at = index_of(card, "eos-p110")
    message = refusal("eos-p110", 'materials = ["pa12"]', 'materials = ["pa12", "nylon-x"]')
    assert message == (
        f"card.toml: planning.machines[{at}].materials[1]: 'nylon-x' is no material of sls"
    )


def test_a_machine_id_twice_is_refused(card: RateCard) -> None:
    message = refusal("inspection", 'id = "inspection"', 'id = "packing"')
    assert re.search(r"planning: machines\[\d+\]\.id: machine id 'packing' appears twice", message)


def test_a_process_the_card_offers_without_a_machine_is_refused() -> None:
    block = machine_block("chamber-m")
    text = DEFAULT_TEXT.replace("[[planning.machines]]" + block, "")
    with pytest.raises(RateCardError) as caught:
        parse_rate_card(text.encode(), "card.toml")
    assert caught.value.message == (
        "card.toml: planning.machines: no machine or station does 'casting'"
    )


def test_a_card_without_a_packing_station_is_refused() -> None:
    block = machine_block("packing")
    text = DEFAULT_TEXT.replace("[[planning.machines]]" + block, "")
    with pytest.raises(RateCardError) as caught:
        parse_rate_card(text.encode(), "card.toml")
    assert caught.value.message.endswith("no machine or station does 'pack'")


def test_leaving_a_process_out_still_stops_it_and_idles_its_machines() -> None:
    start = DEFAULT_TEXT.index("[processes.casting]")
    end = DEFAULT_TEXT.index("# ---", start)
    card = parse_rate_card((DEFAULT_TEXT[:start] + DEFAULT_TEXT[end:]).encode())
    assert card.process("casting") is None
    assert "chamber-m" not in {m.id for m in shop_floor(card).machines}


def test_an_old_card_without_machines_gets_them_from_its_processes() -> None:
    old = parse_rate_card(DEFAULT_TEXT[:FLOOR_START].encode())
    assert old.planning is None
    floor = shop_floor(old)
    by_id = {m.id: m for m in floor.machines}
    for pid, process in old.offered():
        machine = by_id[pid]
        # The process's hours per day are kept, split over units of at most 24 h.
        assert machine.count * machine.hours_per_day == pytest.approx(process.hours_per_day)
        assert machine.hours_per_day <= 24
        assert machine.start_hour + machine.hours_per_day <= 24
    assert by_id["sls"].build_volume_mm == (200.0, 250.0, 330.0)  # its largest machine
    for stage in STAGES:
        assert by_id[stage].process == stage
        assert by_id[stage].days == old.review.working.days
    assert floor.utc_offset_hours == old.review.working.utc_offset_hours


def test_station_hours_fall_back_to_the_documented_defaults(card: RateCard) -> None:
    floor = shop_floor(card)
    assert floor.stage_hours("cnc").hours("qc", 10) == pytest.approx(0.5 + 0.05 * 10)
    assert floor.stage_hours("fdm").hours("post", 10) == pytest.approx(0.25 + 0.05 * 10)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "hours_per_mm = 0.05",
            "hours_per_mm = -0.05",
            "planning.builds[...].hours_per_mm: expected >= 0",
        ),
        (
            "hours_per_mm = 0.05",
            "hours_per_mn = 0.05",
            "planning.builds[...]: object contains unknown field `hours_per_mn`",
        ),
    ],
)
def test_build_hours_with_a_typo_or_below_zero_are_refused_with_their_path(
    old: str, new: str, expected: str
) -> None:
    assert DEFAULT_TEXT.count(old) == 1
    with pytest.raises(RateCardError) as caught:
        parse_rate_card(DEFAULT_TEXT.replace(old, new).encode(), "card.toml")
    assert expected in caught.value.message


def test_build_hours_come_from_the_card_and_fall_back_to_the_defaults(card: RateCard) -> None:
    floor = shop_floor(card)
    assert floor.build_hours("mjf").hours(380.0) == pytest.approx(3.0 + 0.03 * 380)
    bare = msgspec.structs.replace(floor, builds={})
    assert bare.build_hours("sls").hours(300.0) == pytest.approx(3.0 + 0.05 * 300)
