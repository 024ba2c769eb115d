"""How fast one part is repriced: every process and material at 10 quantities.

The chat reprices on every button press, so `compare()` for one report (all
processes and materials on the default card, 10 quantities, crossovers and
chart curves included) must take under 5 ms (median). Run from the repository
root: `.venv/bin/python bench/bench_pricing.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geometry.report import Machinability, MeshReport, Orientation  # noqa: E402
from pricing import QuoteRequest, compare, load_rate_card, quote  # noqa: E402
from pricing.catalog import DEFAULT_CARD  # noqa: E402

TARGET_MS = 5.0
RUNS = 200
WARMUP = 20
QUANTITIES = (1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000)
TODAY = date(2026, 3, 2)


def sample_report() -> tuple[str, MeshReport]:
    """The packaged bracket as measured by geometry, or a pocketed block without it."""
    sample = REPO / "geometry" / "samples" / "bracket.stl"
    try:
        from geometry.analyze import analyze

        return "bracket.stl (measured)", analyze(sample.read_bytes(), sample.name)
    except Exception:  # the geometry engine is optional for this benchmark
        return "block (bracket unavailable)", block_report()


def block_report() -> MeshReport:
    """A 80 x 50 x 30 mm block, 40 % solid, with a little overhang and undercut."""
    x, y, z = 80.0, 50.0, 30.0
    area = 2 * (x * y + y * z + x * z)
    return MeshReport(
        format="stl",
        units="mm",
        units_source="assumed",
        units_suspect=None,
        faces=12,
        vertices=8,
        bodies=1,
        voids=0,
        void_volume_mm3=0.0,
        watertight=True,
        winding_consistent=True,
        repairs=[],
        volume_mm3=0.4 * x * y * z,
        area_mm2=area,
        bbox_mm=(x, y, z),
        bbox_min_mm=(0.0, 0.0, 0.0),
        convex_hull_volume_mm3=x * y * z,
        min_wall_mm=2.0,
        thin_wall_areas=[],
        build_direction="+Z",
        overhang_area_mm2=400.0,
        support_volume_mm3=4000.0,
        orientations=[
            Orientation(direction="+Z", overhang_area_mm2=400.0, support_volume_mm3=4000.0)
        ],
        best_orientation="+Z",
        pull_direction="+Z",
        undercut_area_mm2=150.0,
        machinability=Machinability(
            reachable_share=1.0,
            unreachable_area_mm2=0.0,
            z_only=True,
            setups=2,
            share_by_direction={"+Z": 0.8, "-Z": 0.2},
        ),
        warnings=[],
    )


def timed(action: object, runs: int = RUNS) -> list[float]:
    """Milliseconds per call, after a warm-up."""
    assert callable(action)
    for _ in range(WARMUP):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def main() -> int:
    """Print the table; exit 1 when compare() misses the target."""
    card = load_rate_card(DEFAULT_CARD)
    offers = [(pid, m.id) for pid, p in card.offered() for m in p.materials]
    rows: list[tuple[str, list[float]]] = []
    for name, report in (sample_report(), ("pocketed block", block_report())):
        rows.append(
            (f"compare(), {name}", timed(lambda r=report: compare(r, QUANTITIES, card, TODAY)))
        )

    block = block_report()

    def one_by_one(report: MeshReport = block) -> None:
        for pid, material in offers:
            for qty in QUANTITIES:
                quote(
                    report, QuoteRequest(process=pid, material=material, quantity=qty), card, TODAY
                )

    rows.append(("quote() x each, pocketed block", timed(one_by_one, runs=50)))
    rows.append(("load_rate_card()", timed(lambda: load_rate_card(DEFAULT_CARD), runs=50)))

    print(
        f"pricing: {len(offers)} process/material offers x {len(QUANTITIES)} quantities "
        f"= {len(offers) * len(QUANTITIES)} quotes; target {TARGET_MS:.0f} ms median for compare()"
    )
    print(f"{'case':<34} {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'x target':>9}")
    for name, times in rows:
        median = statistics.median(times)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        print(f"{name:<34} {len(times):>5} {median:>10.2f} {p95:>8.2f} {median / TARGET_MS:>9.2f}")
    worst = max(statistics.median(t) for name, t in rows if name.startswith("compare()"))
    verdict = "meets" if worst < TARGET_MS else "MISSES"
    print(f"compare() {verdict} the {TARGET_MS:.0f} ms target (worst median {worst:.2f} ms)")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
