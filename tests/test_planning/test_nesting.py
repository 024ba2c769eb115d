"""Nesting parts into shared SLS/MJF builds: every copy placed once, inside, apart, and counted."""

from __future__ import annotations

import math
import random
from collections import Counter

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.nesting import (
    MAX_COPIES,
    TOO_BIG,
    BuildVolume,
    Nesting,
    NestPart,
    OpenBuild,
    Placement,
    nest,
)

MJF = BuildVolume(x_mm=340, y_mm=340, z_mm=600)
FAST = settings(max_examples=30, deadline=None)
#: Float slack for the checks below: the packer itself allows a nanometre.
SLACK = 1e-6


def placements(nesting: Nesting) -> list[Placement]:
    """Every placement of every build."""
    return [p for build in nesting.builds for p in build.placements]


def assert_inside_and_apart(nesting: Nesting, volume: BuildVolume, spacing: float) -> None:
    """Each build's parts keep `spacing` from the walls and from each other."""
    for build in nesting.builds:
        low = np.array([p.position_mm for p in build.placements])
        high = low + np.array([p.size_mm for p in build.placements])
        assert (low >= spacing - SLACK).all()
        assert (high <= np.array(volume.size) - spacing + SLACK).all()
        # Two boxes are apart when, along some axis, the gap between them is the spacing.
        gaps = np.maximum(low[:, None, :] - high[None, :, :], low[None, :, :] - high[:, None, :])
        apart = (gaps >= spacing - SLACK).any(axis=2)
        np.fill_diagonal(apart, True)
        assert apart.all(), np.argwhere(~apart)[:3]


def test_many_small_parts_fit_in_one_build() -> None:
    parts = [NestPart(id=f"clip-{i}", bbox_mm=(20, 15, 8), quantity=25) for i in range(12)]
    nesting = nest(MJF, 3, parts)
    assert len(nesting.builds) == 1
    assert len(nesting.builds[0].placements) == 300
    assert nesting.unfit == []
    assert_inside_and_apart(nesting, MJF, 3)


def test_every_copy_is_placed_once_with_its_own_sides() -> None:
    parts = [
        NestPart(id="a", bbox_mm=(30, 20, 10), quantity=7),
        NestPart(id="b", bbox_mm=(5, 60, 9)),
    ]
    nesting = nest(MJF, 2, parts)
    copies = Counter((p.part_id, p.copy) for p in placements(nesting))
    assert copies == Counter({("a", i): 1 for i in range(7)} | {("b", 0): 1})
    for p in placements(nesting):
        modelled = next(part.bbox_mm for part in parts if part.id == p.part_id)
        assert sorted(p.size_mm) == sorted(modelled)
        assert p.size_mm == tuple(modelled["xyz".index(axis)] for axis in p.orientation)


parts_strategy = st.lists(
    st.builds(
        lambda x, y, z, quantity, rotatable: (x, y, z, quantity, rotatable),
        st.floats(1, 70),
        st.floats(1, 70),
        st.floats(1, 120),
        st.integers(1, 6),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


def as_parts(raw: list[tuple[float, float, float, int, bool]]) -> list[NestPart]:
    """Drawn part tuples as parts, with ids p0, p1 and so on."""
    return [
        NestPart(id=f"p{i}", bbox_mm=(x, y, z), quantity=q, rotatable=r)
        for i, (x, y, z, q, r) in enumerate(raw)
    ]


@FAST
@given(raw=parts_strategy, spacing=st.sampled_from([0.0, 2.0, 4.5]))
def test_no_two_parts_overlap_and_all_stay_inside_the_volume(
    raw: list[tuple[float, float, float, int, bool]], spacing: float
) -> None:
    volume = BuildVolume(x_mm=120, y_mm=100, z_mm=150)
    parts = as_parts(raw)
    nesting = nest(volume, spacing, parts)
    assert_inside_and_apart(nesting, volume, spacing)
    placed = Counter(p.part_id for p in placements(nesting))
    assert placed == Counter({part.id: part.quantity for part in parts if part.id in placed})
    assert {u.part_id for u in nesting.unfit} | set(placed) == {part.id for part in parts}
    for p in placements(nesting):
        if not next(part.rotatable for part in parts if part.id == p.part_id):
            assert p.orientation == "xyz"


@settings(max_examples=15, deadline=None)
@given(raw=parts_strategy, seed=st.integers(0, 2**16))
def test_any_order_of_the_same_parts_gives_the_same_nesting(
    raw: list[tuple[float, float, float, int, bool]], seed: int
) -> None:
    volume = BuildVolume(x_mm=120, y_mm=100, z_mm=150)
    parts = as_parts(raw)
    shuffled = parts.copy()
    random.Random(seed).shuffle(shuffled)
    assert nest(volume, 2, shuffled) == nest(volume, 2, parts)


def test_a_part_too_big_for_the_volume_is_reported_and_the_others_still_built() -> None:
    parts = [
        NestPart(id="hull", bbox_mm=(400, 350, 350), quantity=2),
        NestPart(id="knob", bbox_mm=(30, 30, 30), quantity=3),
    ]
    nesting = nest(MJF, 2, parts)
    assert [(u.part_id, u.quantity, u.code) for u in nesting.unfit] == [("hull", 2, TOO_BIG)]
    assert Counter(p.part_id for p in placements(nesting)) == Counter({"knob": 3})


def test_spacing_counts_against_the_walls_when_judging_a_part_too_big() -> None:
    volume = BuildVolume(x_mm=100, y_mm=100, z_mm=100)
    part = NestPart(id="block", bbox_mm=(95, 50, 50))
    assert nest(volume, 2, [part]).unfit == []
    assert [u.part_id for u in nest(volume, 3, [part]).unfit] == ["block"]


def test_turning_a_long_part_upright_lets_it_fit() -> None:
    volume = BuildVolume(x_mm=100, y_mm=100, z_mm=300)
    rod = NestPart(id="rod", bbox_mm=(250, 20, 10))
    nesting = nest(volume, 5, [rod])
    [placed] = placements(nesting)
    assert placed.size_mm[2] == 250
    assert placed.orientation in ("yzx", "zyx")
    stiff = NestPart(id="rod", bbox_mm=(250, 20, 10), rotatable=False)
    assert [u.part_id for u in nest(volume, 5, [stiff]).unfit] == ["rod"]


def test_flat_orientations_are_chosen_to_keep_the_build_low() -> None:
    plate = NestPart(id="plate", bbox_mm=(10, 80, 60))
    [placed] = placements(nest(MJF, 0, [plate]))
    assert placed.size_mm[2] == 10


def test_fill_figures_on_a_hand_checked_build() -> None:
    # 110 mm cube, 5 mm spacing: usable 100 mm cube. Four 45 mm cubes, 5 mm apart, fill one
    # layer: 4 x 45^3 = 364 500 mm^3 of 1 000 000 usable, 45 mm high of 100 x 100 mm floor.
    volume = BuildVolume(x_mm=110, y_mm=110, z_mm=110)
    nesting = nest(volume, 5, [NestPart(id="cube", bbox_mm=(45, 45, 45), quantity=4)])
    [build] = nesting.builds
    assert sorted(p.position_mm for p in build.placements) == [
        (5, 5, 5),
        (5, 55, 5),
        (55, 5, 5),
        (55, 55, 5),
    ]
    assert build.parts_volume_mm3 == pytest.approx(364_500)
    assert build.usable_volume_mm3 == pytest.approx(1_000_000)
    assert build.fill == pytest.approx(0.3645)
    assert build.height_used_mm == pytest.approx(45)
    assert build.fill_by_height == pytest.approx(364_500 / (100 * 100 * 45))


def test_a_full_build_opens_the_next_one() -> None:
    volume = BuildVolume(x_mm=100, y_mm=100, z_mm=100)
    nesting = nest(volume, 0, [NestPart(id="cube", bbox_mm=(50, 50, 50), quantity=9)])
    assert [len(build.placements) for build in nesting.builds] == [8, 1]
    assert nesting.builds[0].fill == pytest.approx(1.0)
    assert nesting.builds[1].fill == pytest.approx(0.125)
    assert nesting.builds[1].fill_by_height == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("side", "box", "quantity"),
    [
        (90, (30, 30, 30), 27),  # three layers of nine cubes
        (100, (25, 50, 100), 8),  # slabs that tile the cube only when turned to lie flat
    ],
)
def test_parts_that_tile_the_volume_fill_it_completely(
    side: float, box: tuple[float, float, float], quantity: int
) -> None:
    volume = BuildVolume(x_mm=side, y_mm=side, z_mm=side)
    nesting = nest(volume, 0, [NestPart(id="tile", bbox_mm=box, quantity=quantity)])
    [build] = nesting.builds
    assert len(build.placements) == quantity
    assert build.fill == pytest.approx(1.0)
    assert_inside_and_apart(nesting, volume, 0)


def test_two_orders_parts_share_one_build() -> None:
    parts = [
        NestPart(id="order-41/bracket", bbox_mm=(120, 80, 40), quantity=3),
        NestPart(id="order-42/housing", bbox_mm=(90, 90, 60), quantity=2),
    ]
    [build] = nest(MJF, 5, parts).builds
    assert {p.part_id.split("/")[0] for p in build.placements} == {"order-41", "order-42"}


def test_the_same_parts_in_any_order_give_the_same_builds() -> None:
    shuffle = random.Random(7)
    parts = [
        NestPart(
            id=f"p{i}",
            bbox_mm=(shuffle.uniform(10, 90), shuffle.uniform(10, 90), shuffle.uniform(5, 60)),
            quantity=shuffle.randint(1, 4),
        )
        for i in range(40)
    ]
    first = nest(MJF, 4, parts)
    shuffle.shuffle(parts)
    assert nest(MJF, 4, parts) == first
    assert msgspec.json.encode(nest(MJF, 4, parts)) == msgspec.json.encode(first)


def test_a_spacing_that_leaves_no_room_reports_every_part() -> None:
    volume = BuildVolume(x_mm=10, y_mm=10, z_mm=10)
    nesting = nest(volume, 5, [NestPart(id="grain", bbox_mm=(0.1, 0.1, 0.1))])
    assert nesting.builds == []
    assert [u.part_id for u in nesting.unfit] == ["grain"]


@pytest.mark.parametrize("spacing", [-1.0, math.nan, math.inf])
def test_a_bad_spacing_is_refused(spacing: float) -> None:
    with pytest.raises(ValueError, match="spacing"):
        nest(MJF, spacing, [NestPart(id="a", bbox_mm=(1, 1, 1))])


def test_two_parts_with_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match="share an id"):
        nest(MJF, 1, [NestPart(id="a", bbox_mm=(1, 1, 1)), NestPart(id="a", bbox_mm=(2, 2, 2))])


def test_more_copies_than_one_call_packs_are_refused_before_any_work() -> None:
    parts = [
        NestPart(id="a", bbox_mm=(1, 1, 1), quantity=MAX_COPIES),
        NestPart(id="b", bbox_mm=(1, 1, 1)),
    ]
    with pytest.raises(ValueError, match=f"at most {MAX_COPIES} copies"):
        nest(MJF, 1, parts)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (BuildVolume, b'{"x_mm": 0, "y_mm": 10, "z_mm": 10}'),
        (BuildVolume, b'{"x_mm": 10, "y_mm": -1, "z_mm": 10}'),
        (BuildVolume, b'{"x_mm": 10, "y_mm": 10, "z_mm": 10, "w_mm": 1}'),
        (NestPart, b'{"id": "a", "bbox_mm": [0, 1, 1]}'),
        (NestPart, b'{"id": "a", "bbox_mm": [1, 1, 1], "quantity": 0}'),
        (NestPart, b'{"id": "a", "bbox_mm": [1, 1]}'),
    ],
)
def test_an_empty_volume_or_part_box_no_copies_or_an_unknown_field_is_refused(
    kind: type[BuildVolume | NestPart], raw: bytes
) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(raw, type=kind)


def test_an_open_build_that_refuses_a_part_stays_as_it_was() -> None:
    volume = BuildVolume(x_mm=100, y_mm=100, z_mm=50)
    empty = OpenBuild(volume, 0.0)
    half = empty.with_part(NestPart(id="half", bbox_mm=(100, 50, 50)))
    assert half is not None
    assert empty.height_mm == 0.0  # the part went onto a copy
    assert half.with_part(NestPart(id="big", bbox_mm=(100, 60, 50))) is None
    third = half.with_part(NestPart(id="rest", bbox_mm=(100, 25, 50), quantity=2))
    assert third is not None
    assert [p.part_id for p in third.build().placements] == ["half", "rest", "rest"]
    assert third.build().fill == pytest.approx(1.0)
    assert [p.part_id for p in half.build().placements] == ["half"]
    # Three copies need 75 mm where 50 are left: all or none, and the build keeps its one part.
    assert half.with_part(NestPart(id="more", bbox_mm=(100, 25, 50), quantity=3)) is None
    assert len(half.build().placements) == 1


def test_a_stored_build_is_restored_where_its_parts_lie_and_takes_more_only_beside_them() -> None:
    spacing = 4.0
    parts = [NestPart(id="a/1", bbox_mm=(60, 30, 40), quantity=3)]
    grown = OpenBuild(MJF, spacing).with_part(parts[0])
    assert grown is not None
    stored = grown.build().placements
    # One copy taken out (its order left): the others stay where they were, not repacked.
    kept = [p for p in stored if p.copy != 0]
    back = OpenBuild.restored(MJF, spacing, parts, kept)
    assert back.build().placements == kept
    assert back.height_mm == pytest.approx(grown.height_mm)
    joined = back.with_part(NestPart(id="b/1", bbox_mm=(20, 20, 20), quantity=5))
    assert joined is not None
    result = joined.build()
    assert result.placements[:2] == kept
    assert_inside_and_apart(Nesting(builds=[result], unfit=[]), MJF, spacing)


def test_a_stored_placement_that_overlaps_or_names_no_part_is_refused() -> None:
    part = NestPart(id="a/1", bbox_mm=(60, 30, 40))
    at = Placement(
        part_id="a/1", copy=0, position_mm=(4, 4, 4), orientation="xyz", size_mm=(60, 30, 40)
    )
    twice = msgspec.structs.replace(at, copy=1, position_mm=(30, 4, 4))
    with pytest.raises(ValueError, match="overlaps"):
        OpenBuild.restored(MJF, 4.0, [part], [at, twice])
    with pytest.raises(ValueError, match="unknown part"):
        OpenBuild.restored(MJF, 4.0, [], [at])
    outside = msgspec.structs.replace(at, position_mm=(300, 4, 4))
    with pytest.raises(ValueError, match="outside"):
        OpenBuild.restored(MJF, 4.0, [part], [outside])


def test_may_hold_refuses_only_what_with_part_refuses_untried() -> None:
    volume = BuildVolume(x_mm=100, y_mm=100, z_mm=50)
    half = OpenBuild(volume, 0.0).with_part(NestPart(id="half", bbox_mm=(100, 50, 50)))
    assert half is not None
    rest = NestPart(id="rest", bbox_mm=(100, 25, 50), quantity=2)
    assert half.may_hold(rest) and half.with_part(rest) is not None
    more = NestPart(id="more", bbox_mm=(100, 25, 50), quantity=3)  # 75 mm where 50 are left
    assert not half.may_hold(more) and half.with_part(more) is None
    many = NestPart(id="many", bbox_mm=(1, 1, 1), quantity=MAX_COPIES + 1)
    assert not half.may_hold(many) and half.with_part(many) is None
