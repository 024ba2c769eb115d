"""From the rate card to the planner: machines as resources, order lines as job chains."""

from __future__ import annotations

import msgspec
import pytest

from planning.floor import LineWork, order_jobs, resources
from planning.schedule import Order, plan
from pricing import RateCard
from pricing.shopfloor import shop_floor
from tests.test_planning.shop import MONDAY, at


def test_every_machine_of_the_card_becomes_a_resource_with_the_shops_holidays(
    card: RateCard,
) -> None:
    floor = shop_floor(card)
    found = {r.id: r for r in resources(floor)}
    assert list(found) == [m.id for m in floor.machines]
    eos = found["eos-p110"]
    assert (eos.work, eos.count, eos.materials) == ("sls", 1, frozenset({"pa12"}))
    assert set(floor.holidays) <= eos.shift.holidays
    assert eos.shift.utc_offset_hours == floor.utc_offset_hours


def test_an_order_line_becomes_make_post_qc_pack_with_the_cards_hours(card: RateCard) -> None:
    floor = shop_floor(card)
    line = LineWork(line="1", process="cnc", material="al6061", quantity=10, hours=3.5)
    jobs = order_jobs("42", [line], floor)
    assert [(j.id, j.work, j.after) for j in jobs] == [
        ("42/1/make", "cnc", ()),
        ("42/1/post", "post", ("42/1/make",)),
        ("42/qc", "qc", ("42/1/post",)),
        ("42/pack", "pack", ("42/qc",)),
    ]
    assert [j.hours for j in jobs] == pytest.approx([3.5, 0.25 + 0.5, 0.5 + 0.5, 0.25 + 0.1])


def test_a_pending_first_article_is_made_and_inspected_before_the_batch(card: RateCard) -> None:
    floor = shop_floor(card)
    line = LineWork(line="1", process="cnc", material="al6061", quantity=10, hours=3.5)
    held = msgspec.structs.replace(line, first_hours=0.75)
    jobs = order_jobs("42", [held], floor)
    assert [(j.id, j.work, j.after) for j in jobs[:3]] == [
        ("42/1/first", "cnc", ()),
        ("42/1/first/qc", "qc", ("42/1/first",)),
        ("42/1/make", "cnc", ("42/1/first/qc",)),
    ]
    # One part's inspection at QC's per-part rate; the batch's own jobs are unchanged.
    assert [j.hours for j in jobs[:2]] == pytest.approx([0.75, 0.5 + 0.05])
    assert [(j.id, j.hours) for j in jobs[3:]] == [
        (j.id, j.hours) for j in order_jobs("42", [line], floor)[1:]
    ]
    schedule = plan([Order(id="42", due=at(7, 12), jobs=jobs)], resources(floor), MONDAY)
    ends = {p.job: p.end for p in schedule.placements}
    starts = {p.job: p.start for p in schedule.placements}
    assert ends["42/1/first"] <= starts["42/1/first/qc"]
    assert ends["42/1/first/qc"] <= starts["42/1/make"]


def test_qc_waits_for_every_line_of_the_order(card: RateCard) -> None:
    floor = shop_floor(card)
    lines = [
        LineWork(line="a", process="fdm", material="pla", quantity=5, hours=2.0),
        LineWork(line="b", process="sls", material="pa12", quantity=5, hours=12.0, contiguous=True),
    ]
    jobs = {j.id: j for j in order_jobs("7", lines, floor)}
    assert jobs["7/qc"].after == ("7/a/post", "7/b/post")
    assert jobs["7/b/make"].contiguous


def test_the_default_card_schedules_an_order_through_every_station(card: RateCard) -> None:
    floor = shop_floor(card)
    line = LineWork(line="1", process="sla", material="tough", quantity=4, hours=6.0)
    schedule = plan(
        [Order(id="9", due=at(7, 12), jobs=order_jobs("9", [line], floor))],
        resources(floor),
        MONDAY,
    )
    assert schedule.unplaced == ()
    assert [p.machine for p in schedule.placements] == [
        "form-4",
        "finishing",
        "inspection",
        "packing",
    ]
