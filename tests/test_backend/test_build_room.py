"""A quote's answer to "does this line join that stored build?" is the approval's answer.

Pure: a stored build (`BuildRow`) of brackets nested in the Fuse 1+'s volume, and lines of
other parts tried on it as a quote tries them (a count of copies kept per part box) and as an
approval does (all the line's copies nested at once).
"""

from __future__ import annotations

import msgspec
import pytest

from backend.schedule.build_repository import BuildRow
from backend.schedule.builds import alone_height, fill, restored, room_for
from planning.nesting import BuildVolume, NestPart, OpenBuild, nest

FUSE = (165.0, 165.0, 300.0)
SPACING = 4.0


def stored_build(part: NestPart) -> BuildRow:
    """A build holding one order's copies of `part`, as stored."""
    nested = nest(BuildVolume(x_mm=FUSE[0], y_mm=FUSE[1], z_mm=FUSE[2]), SPACING, [part])
    [build] = nested.builds
    return BuildRow(
        "bld_1", 1, "sls", "pa12", "fuse-1", 0, "2027-03-01T19:00:00.000000+00:00",
        "2027-03-02T00:30:00.000000+00:00", *FUSE, SPACING, build.height_used_mm, build.fill,
        msgspec.json.encode([part]).decode(), msgspec.json.encode(build.placements).decode(),
        "2027-03-01T07:00:00.000000+00:00",
    )  # fmt: skip


@pytest.mark.parametrize("box", [(60.0, 30.0, 40.0), (20.0, 20.0, 20.0), (12.0, 7.0, 25.0)])
def test_a_quote_and_an_approval_agree_on_every_quantity(box: tuple[float, float, float]) -> None:
    build = stored_build(NestPart(id="a/1", bbox_mm=(60.0, 30.0, 40.0), quantity=2))
    answers = []
    for quantity in [*range(1, 41), 3, 1]:  # asked again after larger ones: the count stands
        line = NestPart(id="b/1", bbox_mm=box, quantity=quantity)
        joined = restored(build).with_part(line)
        fits = joined is not None and joined.height_mm <= build.height_mm + 1e-6
        assert room_for(build, line) == fits, quantity
        answers.append(fits)
    # A prefix of quantities fits: copies go in one after another.
    assert answers[:40] == sorted(answers[:40], reverse=True) and answers[0]
    if box == (60.0, 30.0, 40.0):  # six brackets lie flat on the floor, two are there
        assert answers[:40].count(True) == 4
    # More copies than one nesting takes, or than the room's volume: refused untried.
    for quantity in (6_000, 1_000_000):
        assert not room_for(build, NestPart(id="b/1", bbox_mm=box, quantity=quantity))


def test_fill_is_the_boxes_over_the_usable_volume() -> None:
    part = NestPart(id="a/1", bbox_mm=(60.0, 30.0, 40.0), quantity=2)
    build = stored_build(part)
    placements = restored(build).build().placements
    assert fill(placements, FUSE, SPACING) == pytest.approx(build.fill)
    assert fill(placements, FUSE, SPACING) == pytest.approx(2 * 60 * 30 * 40 / (157 * 157 * 292))


def test_a_quote_and_an_approval_agree_on_the_height_of_a_new_build() -> None:
    volume = BuildVolume(x_mm=FUSE[0], y_mm=FUSE[1], z_mm=FUSE[2])
    for quantity in [*range(1, 31), 5, 400]:
        line = NestPart(id="b/1", bbox_mm=(60.0, 30.0, 40.0), quantity=quantity)
        alone = OpenBuild(volume, SPACING).with_part(line)
        expected = None if alone is None else alone.height_mm
        assert alone_height(FUSE, SPACING, line) == expected, quantity
    assert expected is None  # 400 brackets need more than one build
