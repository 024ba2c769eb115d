"""How fast and how full `planning.nest` packs an SLS/MJF build.

Mixed parts (seeded, so every run packs the same ones) into a 340 x 340 x 600 mm volume
like an HP MJF 5200's, 5 mm apart and from the walls: time (median of several runs) and
the builds' fill by volume and by the height used. Run from the repository root:
`.venv/bin/python bench/bench_nesting.py [--runs N]`.

Fill counts bounding boxes, not the parts' own volume; the spacing grows each box by 5 mm
per axis, so a 40 % box fill of small parts is a well-packed build.

A last row groups 300 powder lines of 100 orders (SLS PA12 and PA11, MJF PA12; seeded small
parts, 1-5 copies, due in 2-20 days) into shared builds on the default card's machines
(`planning.builds.group_builds`): builds, mean fill, median time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planning.builds import Grouping, PowderLine, build_rules, group_builds  # noqa: E402
from planning.nesting import BuildVolume, Nesting, NestPart, nest  # noqa: E402
from pricing.catalog import DEFAULT_CARD, load_rate_card  # noqa: E402
from pricing.shopfloor import shop_floor  # noqa: E402

VOLUME = BuildVolume(x_mm=340, y_mm=340, z_mm=600)
SPACING_MM = 5.0
#: The 500-part case must pack within this (median), the others are for reference.
TARGET_S = 3.0
#: (share of parts, shortest and longest side in mm): clips and knobs, brackets, housings.
SIZES = ((0.6, 8.0, 40.0), (0.3, 30.0, 120.0), (0.1, 80.0, 220.0))


def mixed_parts(kinds: int, copies: int, seed: int) -> list[NestPart]:
    """`kinds` distinct parts of mixed sizes (see SIZES), `copies` of each."""
    rng = random.Random(seed)
    shares = [share for share, _, _ in SIZES]
    parts = []
    for index in range(kinds):
        _, low, high = rng.choices(SIZES, weights=shares)[0]
        x, y, z = (round(rng.uniform(low, high), 1) for _ in range(3))
        parts.append(NestPart(id=f"part-{index:04d}", bbox_mm=(x, y, z), quantity=copies))
    return parts


def timed(parts: list[NestPart], runs: int) -> tuple[list[float], Nesting]:
    """Seconds per `nest` call over `runs` runs, and the nesting itself."""
    times, result = [], nest(VOLUME, SPACING_MM, parts)
    for _ in range(runs):
        start = time.perf_counter()
        nest(VOLUME, SPACING_MM, parts)
        times.append(time.perf_counter() - start)
    return times, result


def powder_lines(orders: int, per_order: int, seed: int) -> list[PowderLine]:
    """Seeded open powder lines: small parts of three process and material pairs."""
    rng = random.Random(seed)
    now = datetime(2026, 3, 2, 7, tzinfo=UTC)
    kinds = (("sls", "pa12"), ("sls", "pa11"), ("mjf", "pa12"))
    lines = []
    for order in range(orders):
        for line in range(per_order):
            process, material = rng.choice(kinds)
            x, y, z = (round(rng.uniform(8.0, 60.0), 1) for _ in range(3))
            lines.append(
                PowderLine(
                    order=f"order-{order:03d}",
                    line=str(line),
                    process=process,
                    material=material,
                    bbox_mm=(x, y, z),
                    quantity=rng.randint(1, 5),
                    due=now + timedelta(days=rng.randint(2, 20)),
                )
            )
    return lines


def timed_grouping(runs: int) -> tuple[list[float], Grouping, int]:
    """Seconds per grouping of 300 lines of 100 orders, the grouping, and its line count."""
    card = load_rate_card(DEFAULT_CARD)
    floor, rules = shop_floor(card), build_rules(card)
    lines = powder_lines(100, 3, seed=18)
    now = datetime(2026, 3, 2, 7, tzinfo=UTC)
    times, result = [], group_builds(lines, floor, rules, now)
    for _ in range(runs):
        start = time.perf_counter()
        group_builds(lines, floor, rules, now)
        times.append(time.perf_counter() - start)
    return times, result, len(lines)


def main() -> int:
    """Print the table; exit 1 when the 500-part case misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cases = (
        ("500 parts x 1", mixed_parts(500, 1, seed=15)),
        ("50 parts x 10", mixed_parts(50, 10, seed=16)),
        ("100 parts x 10", mixed_parts(100, 10, seed=17)),
    )
    print(
        f"nesting into {VOLUME.x_mm:.0f} x {VOLUME.y_mm:.0f} x {VOLUME.z_mm:.0f} mm, "
        f"{SPACING_MM:.0f} mm spacing; median of {runs} runs; target {TARGET_S:.1f} s for 500 parts"
    )
    print(
        f"{'case':<16} {'copies':>6} {'builds':>6} {'unfit':>5} {'fill 1st':>8} "
        f"{'by height':>9} {'fill last':>9} {'height last':>11} {'median s':>9} {'max s':>7}"
    )
    medians = {}
    for name, parts in cases:
        times, result = timed(parts, runs)
        first, last = result.builds[0], result.builds[-1]
        copies = sum(len(build.placements) for build in result.builds)
        medians[name] = statistics.median(times)
        print(
            f"{name:<16} {copies:>6} {len(result.builds):>6} {len(result.unfit):>5} "
            f"{first.fill:>8.1%} {first.fill_by_height:>9.1%} {last.fill:>9.1%} "
            f"{last.height_used_mm:>9.0f}mm {medians[name]:>9.2f} {max(times):>7.2f}"
        )
    times, grouping, count = timed_grouping(runs)
    fills = [build.fill for build in grouping.builds]
    print(
        f"grouping {count} powder lines of 100 orders: {len(grouping.builds)} builds, "
        f"{len(grouping.unfit)} unfit, mean fill {statistics.mean(fills):.1%}, "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
    )
    worst = medians["500 parts x 1"]
    verdict = "meets" if worst < TARGET_S else "MISSES"
    print(f"500 parts {verdict} the {TARGET_S:.1f} s target (median {worst:.2f} s)")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
