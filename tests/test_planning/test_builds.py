"""Shared powder builds: lines of many orders grouped by process and material, nested, planned."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.builds import (
    BuildRule,
    Grouping,
    PowderLine,
    SharedBuild,
    build_rules,
    group_builds,
    orders_with_builds,
)
from planning.errors import PlanningError
from planning.floor import LineWork, order_jobs, resources
from planning.nesting import TOO_BIG
from planning.schedule import Order, plan
from pricing import RateCard
from pricing.shopfloor import shop_floor
from tests.test_planning.shop import MONDAY


def line(
    order: str,
    name: str = "1",
    *,
    size: tuple[float, float, float] = (20.0, 20.0, 10.0),
    quantity: int = 1,
    days: float = 5,
    process: str = "mjf",
    material: str = "pa12",
) -> PowderLine:
    """A powder line of `order`, due `days` after MONDAY."""
    return PowderLine(
        order=order,
        line=name,
        process=process,
        material=material,
        bbox_mm=size,
        quantity=quantity,
        due=MONDAY + timedelta(days=days),
    )


def group(card: RateCard, lines: list[PowderLine], now: datetime = MONDAY) -> Grouping:
    """The default card's grouping of `lines`."""
    return group_builds(lines, shop_floor(card), build_rules(card), now)


def carried(build: SharedBuild) -> set[tuple[str, str]]:
    """The (order, line) pairs a build carries."""
    return {(x.order, x.line) for x in build.lines}


def assert_well_nested(build: SharedBuild, rule: BuildRule) -> None:
    """Every copy of every line placed once, inside the volume, no two closer than the spacing."""
    placements = build.nesting.placements
    expected = {(f"{x.order}/{x.line}", c) for x in build.lines for c in range(x.quantity)}
    assert sorted((p.part_id, p.copy) for p in placements) == sorted(expected)
    gap = rule.spacing_mm - 1e-6
    for p in placements:
        for axis, side in enumerate(build.volume.size):
            assert p.position_mm[axis] >= gap
            assert p.position_mm[axis] + p.size_mm[axis] <= side - gap
    for a, b in itertools.combinations(placements, 2):
        apart = any(
            a.position_mm[i] + a.size_mm[i] + gap <= b.position_mm[i]
            or b.position_mm[i] + b.size_mm[i] + gap <= a.position_mm[i]
            for i in range(3)
        )
        assert apart, (a, b)


def test_the_card_says_which_processes_build_in_powder_and_their_hours(card: RateCard) -> None:
    rules = build_rules(card)
    assert set(rules) == {"sls", "mjf"}
    sls = card.process("sls")
    assert sls is not None
    assert rules["sls"].spacing_mm == sls.spacing_mm  # type: ignore[attr-defined]
    assert rules["sls"].hours.hours(100.0) == pytest.approx(4.0 + 0.05 * 100)
    assert rules["mjf"].hours == shop_floor(card).build_hours("mjf")


def test_many_small_parts_of_five_orders_land_in_one_build_and_none_overlap(
    card: RateCard,
) -> None:
    lines = [
        line(f"o{o}", str(n), size=(15.0 + 3 * n, 12.0 + o, 8.0), quantity=4, days=3 + o)
        for o in range(5)
        for n in range(3)
    ]
    grouping = group(card, lines)
    assert grouping.unfit == ()
    [build] = grouping.builds
    assert carried(build) == {(x.order, x.line) for x in lines}
    assert_well_nested(build, build_rules(card)["mjf"])
    assert build.machines == ("hp-5200",)
    assert build.hours == pytest.approx(3.0 + 0.03 * build.height_mm)
    assert 0 < build.fill < 0.1


def test_two_materials_never_share_a_build(card: RateCard) -> None:
    lines = [
        line(f"o{o}", m, process="sls", material=m, quantity=2, days=2 + o)
        for o in range(4)
        for m in ("pa11", "pa12")
    ]
    grouping = group(card, lines)
    assert len(grouping.builds) == 2
    for build in grouping.builds:
        assert {x.line for x in build.lines} == {build.material}
        assert build.job().material == build.material


def test_an_urgent_order_is_in_the_first_build_even_when_it_comes_last(card: RateCard) -> None:
    # Boxes of 170 x 130 x 170 mm (178 with the spacing): four fit the HP 5200, not seven.
    lines = [line(f"o{o}", size=(170.0, 130.0, 170.0), days=10 + o) for o in range(6)]
    urgent = line("z-urgent", size=(170.0, 130.0, 170.0), days=1)
    grouping = group(card, [*lines, urgent])
    assert len(grouping.builds) >= 2
    first = grouping.builds[0]
    assert ("z-urgent", "1") in carried(first)
    assert first.lines[0].order == "z-urgent"
    assert first.due == urgent.due


def test_a_later_order_that_would_make_the_urgent_build_late_goes_to_the_next_build(
    card: RateCard,
) -> None:
    # Due in 11 h, and the card's stations need 1.06 h after the build (MJF: post 0.5 + 0.03,
    # QC 0.25 + 0.02, packing 0.25 + 0.01 for one part): a flat build (3 h + 0.03 h/mm) is in
    # time; one with a 250 mm cube (10.5 h, however it is turned) is not.
    urgent = line("a", size=(50.0, 50.0, 20.0), days=11 / 24)
    tall = line("b", size=(250.0, 250.0, 250.0), days=9)
    flat = line("c", size=(30.0, 30.0, 10.0), days=9)
    grouping = group(card, [tall, flat, urgent])
    assert [carried(b) for b in grouping.builds] == [{("a", "1"), ("c", "1")}, {("b", "1")}]
    assert grouping.builds[0].hours <= 11 - 1.06
    # With a week to spare, waiting for the tall part makes no one late: one build.
    relaxed = msgspec.structs.replace(urgent, due=MONDAY + timedelta(days=7))
    assert len(group(card, [tall, flat, relaxed]).builds) == 1


def test_a_build_runs_only_on_the_machines_whose_volume_holds_it(card: RateCard) -> None:
    # 190 x 240 mm fits the EOS P 110 (200 x 250) but not the Fuse 1+ (165 x 165).
    wide = line("w", size=(190.0, 240.0, 20.0), process="sls", days=2)
    small = line("s", size=(20.0, 20.0, 20.0), process="sls", days=30)
    grouping = group(card, [wide, small], now=MONDAY + timedelta(days=29))
    by_order = {b.lines[0].order: b for b in grouping.builds}
    assert by_order["w"].machines == ("eos-p110",)
    assert by_order["w"].job().machines == ("eos-p110",)
    # Now a day before the wide part is due: a 20-mm-high build (5 h) takes no taller part,
    # so the small one, due later, opens its own build, and either machine holds that.
    assert by_order["s"].machines == ("fuse-1", "eos-p110")


def test_refused_lines_are_unfit_with_a_code_and_every_other_line_is_built(
    card: RateCard,
) -> None:
    huge = line("h", size=(500.0, 20.0, 20.0))
    many = line("m", size=(60.0, 60.0, 60.0), quantity=2_000)
    fine = line("f")
    no_machine = line("n", process="sls", material="glass-filled")
    grouping = group(card, [huge, many, fine, no_machine])
    assert {(u.order, u.code) for u in grouping.unfit} == {
        ("h", TOO_BIG),
        ("m", "line_exceeds_one_build"),
        ("n", "no_machine"),
    }
    assert [carried(b) for b in grouping.builds] == [{("f", "1")}]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (line("z", quantity=0), "quantity"),
        (line("z", size=(0.0, 10.0, 10.0)), "bounding box"),
        (line("z", size=(float("nan"), 10.0, 10.0)), "bounding box"),
        (line("z", process="fdm"), "not a powder process"),
        (msgspec.structs.replace(line("z"), due=datetime(2026, 3, 9)), "timezone-aware"),
    ],
)
def test_input_the_grouping_cannot_use_is_refused(
    card: RateCard, bad: PowderLine, words: str
) -> None:
    with pytest.raises(PlanningError, match=words) as refused:
        group(card, [line("a"), bad])
    assert refused.value.code == "bad_plan_input"


@pytest.mark.parametrize("other", [line("a", "b/c", size=(5.0, 5.0, 5.0)), line("a/b", "c")])
def test_one_order_line_twice_is_refused(card: RateCard, other: PowderLine) -> None:
    # Order "a/b", line "c" would be the same part in the nesting as order "a", line "b/c".
    with pytest.raises(PlanningError, match="twice"):
        group(card, [line("a", "b/c"), other])


def powder_orders(card: RateCard, lines: list[PowderLine]) -> list[Order]:
    """Each order's jobs from its lines (make hours as if each line printed alone)."""
    floor = shop_floor(card)
    by_order: dict[str, list[PowderLine]] = {}
    for x in lines:
        by_order.setdefault(x.order, []).append(x)
    return [
        Order(
            id=order,
            due=min(x.due for x in own),
            jobs=order_jobs(
                order,
                [
                    LineWork(
                        line=x.line,
                        process=x.process,
                        material=x.material,
                        quantity=x.quantity,
                        hours=10.0,
                        contiguous=True,
                    )
                    for x in own
                ],
                floor,
            ),
        )
        for order, own in by_order.items()
    ]


def test_the_plan_with_builds_runs_each_build_once_before_its_lines_post_processing(
    card: RateCard,
) -> None:
    rng = random.Random(15)
    lines = [
        line(
            f"o{o}",
            str(n),
            size=(rng.uniform(10, 80), rng.uniform(10, 80), rng.uniform(5, 60)),
            quantity=rng.randint(1, 6),
            days=rng.uniform(1, 12),
            process=process,
            material=material,
        )
        for o in range(8)
        for n, (process, material) in enumerate([("mjf", "pa12"), ("sls", "pa11")])
    ]
    grouping = group(card, lines)
    assert grouping.unfit == ()
    orders = orders_with_builds(powder_orders(card, lines), grouping)
    jobs = {job.id: job for o in orders for job in o.jobs}
    assert not [j for j in jobs if j.endswith("/make")]  # every make job is a build now
    schedule = plan(orders, resources(shop_floor(card)), MONDAY)
    assert schedule.unplaced == ()
    placed = {p.job: p for p in schedule.placements}
    for build in grouping.builds:
        ran = placed[build.id]
        assert ran.machine in build.machines
        assert ran.end - ran.start == pytest.approx(
            timedelta(hours=build.hours), abs=timedelta(seconds=1)
        )
        for x in build.lines:
            post = placed[f"{x.order}/{x.line}/post"]
            assert jobs[post.job].after == (build.id,)
            assert post.start >= ran.end


def test_planning_again_with_the_builds_reserved_gives_the_same_schedule(card: RateCard) -> None:
    # Four 150 mm cubes fill the HP 5200 (2 x 1 x 2 with the spacing): three builds.
    lines = [line(f"o{o}", size=(150.0, 150.0, 150.0), quantity=2, days=1 + o) for o in range(6)]
    grouping = group(card, lines)
    orders = orders_with_builds(powder_orders(card, lines), grouping)
    machines = resources(shop_floor(card))
    first = plan(orders, machines, MONDAY)
    kept = [p for p in first.placements if p.job.startswith("build-")]
    assert len(kept) == len(grouping.builds) == 3
    again = plan(orders, machines, MONDAY, reserved=kept)
    assert again.placements == first.placements


def test_a_build_whose_lines_are_not_given_is_refused(card: RateCard) -> None:
    grouping = group(card, [line("a"), line("b")])
    only_a = [o for o in powder_orders(card, [line("a"), line("b")]) if o.id == "a"]
    with pytest.raises(PlanningError, match="make job"):
        orders_with_builds(only_a, grouping)


sizes = st.tuples(*[st.floats(5.0, 120.0)] * 3)
powder_lines = st.lists(
    st.builds(
        lambda o, n, size, q, days, kind: line(
            f"o{o}", str(n), size=size, quantity=q, days=days, process=kind[0], material=kind[1]
        ),
        st.integers(0, 9),
        st.integers(0, 2),
        sizes,
        st.integers(1, 8),
        st.floats(0.2, 20.0),
        st.sampled_from([("mjf", "pa12"), ("sls", "pa12"), ("sls", "pa11")]),
    ),
    min_size=1,
    max_size=14,
    unique_by=lambda x: (x.order, x.line),
)


@settings(max_examples=10, deadline=None)
@given(lines=powder_lines, seed=st.randoms(use_true_random=False))
def test_every_line_is_in_exactly_one_build_and_any_order_gives_the_same_builds(
    card: RateCard, lines: list[PowderLine], seed: random.Random
) -> None:
    grouping = group(card, lines)
    rules = build_rules(card)
    homes = [key for b in grouping.builds for key in carried(b)]
    homes += [(u.order, u.line) for u in grouping.unfit]
    assert sorted(homes) == sorted((x.order, x.line) for x in lines)
    for build in grouping.builds:
        assert {(x.process, x.material) for x in lines if (x.order, x.line) in carried(build)} == {
            (build.process, build.material)
        }
        assert_well_nested(build, rules[build.process])
        assert build.hours == pytest.approx(rules[build.process].hours.hours(build.height_mm))
    for build in grouping.builds:
        assert build.due == min(x.due for x in build.lines)
        # The most urgent line of its process and material is in the first such build.
        kin = [
            b for b in grouping.builds if (b.process, b.material) == (build.process, build.material)
        ]
        fitting = [x for x in lines if (x.order, x.line) in {k for b in kin for k in carried(b)}]
        urgent = min(fitting, key=lambda x: (x.due, x.order, x.line))
        assert (urgent.order, urgent.line) in carried(kin[0])
    shuffled = list(lines)
    seed.shuffle(shuffled)
    assert group(card, shuffled) == grouping
    assert_valid_plan(card, lines, grouping)


def assert_valid_plan(card: RateCard, lines: list[PowderLine], grouping: Grouping) -> None:
    """Planned with its builds, each carried line's post-processing starts after its build."""
    orders = orders_with_builds(powder_orders(card, lines), grouping)
    schedule = plan(orders, resources(shop_floor(card)), MONDAY)
    placed = {p.job: p for p in schedule.placements}
    assert {u.order for u in schedule.unplaced} <= {u.order for u in grouping.unfit}
    for build in grouping.builds:
        for x in build.lines:
            assert placed[f"{x.order}/{x.line}/post"].start >= placed[build.id].end


def test_a_job_naming_its_machines_runs_only_on_them(card: RateCard) -> None:
    # The Fuse 1+ is listed first and idle too: without the pin the job would go there.
    grouping = group(card, [line("a", process="sls")])
    [build] = grouping.builds
    pinned = msgspec.structs.replace(build, machines=("eos-p110",))
    free = msgspec.structs.replace(build, machines=())
    for shared, machine in ((pinned, "eos-p110"), (free, "fuse-1")):
        orders = orders_with_builds(
            powder_orders(card, [line("a", process="sls")]),
            Grouping(builds=(shared,), unfit=()),
        )
        schedule = plan(orders, resources(shop_floor(card)), MONDAY)
        assert {p.job: p.machine for p in schedule.placements}[build.id] == machine
