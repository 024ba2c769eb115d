"""Analyses per minute through Redis and `smallbatch worker`, with 1 and 2 workers.

Each run gets a fresh data directory, Redis and server, so nothing is cached; the files
are uploaded at once and the clock stops when the last part is no longer pending.

    .venv/bin/python bench/bench_queue.py [--workers 1,2] [--files N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import FIXTURE_MESHES  # noqa: E402
from tests.test_backend.server import Server  # noqa: E402
from tests.test_jobs.engines import Redis, Worker, part_status, upload  # noqa: E402

#: A mix of quick meshes and STEP files (the heavy queue), real customer files.
MIX = (
    "20mm-xyz-cube.stl", "round.stl", "featuretype.STL", "angle_block.STL", "tube.obj",
    "plate_holes.STL", "featuretype.3MF", "featuretype.STEP", "idler_riser.STL",
    "octagonal_pocket.stl", "pyramids.3mf", "wallhole.obj", "torus.STL", "box_sides.STEP",
    "counterX.3MF", "multibody.stl", "1002_tray_bottom.STL", "teapot.stl", "P_XPM_0331_01.3mf",
    "base_interface_AP214.STEP",
)  # fmt: skip


def run(workers: int, files: list[Path]) -> tuple[float, dict[str, int]]:
    """Seconds to measure `files` with `workers` workers, and how the parts ended."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        data = base / "data"
        data.mkdir()
        redis = Redis(base)
        redis.start()
        server = Server(data, SMALLBATCH_BROKER_URL=redis.url)
        server.start()
        pool = [Worker(data, redis.url) for _ in range(workers)]
        try:
            for worker in pool:
                worker.start()
            with httpx.Client(base_url=server.url, timeout=60) as http:
                started = time.monotonic()
                ids = [upload(http, path) for path in files]
                ends = {part: part_status(http, part) for part in ids}
                while any(status == "pending" for status in ends.values()):
                    time.sleep(0.2)
                    ends = {part: part_status(http, part) for part in ids}
                seconds = time.monotonic() - started
        finally:
            for worker in pool:
                worker.stop()
            server.stop()
            redis.stop()
    outcome: dict[str, int] = {}
    for status in ends.values():
        outcome[status] = outcome.get(status, 0) + 1
    return seconds, outcome


def main() -> None:
    """Print one row per worker count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--files", type=int, default=len(MIX))
    args = parser.parse_args()
    files = [FIXTURE_MESHES / name for name in MIX[: args.files]]
    print("| workers | files | seconds | analyses/min | outcome |\n|---|---|---|---|---|")
    for count in (int(n) for n in args.workers.split(",")):
        seconds, outcome = run(count, files)
        rate = len(files) * 60 / seconds
        print(f"| {count} | {len(files)} | {seconds:.1f} | {rate:.1f} | {outcome} |")


if __name__ == "__main__":
    main()
