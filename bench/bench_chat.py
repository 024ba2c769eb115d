"""A file sent in chat until the priced process list arrives, under a real `smallbatch serve`.

Starts `smallbatch serve` without a token (backend, bot and the local Telegram
emulator on loopback, each over real HTTP), sends an 82 k-face STL as Alice
through the emulator's driver API, and times until the bot's part card (the photo
whose buttons are the processes with their prices) is in the chat. Each run sends
the part under a new name with a new STL header, so nothing is served from a cache.
For scale, each run alternates with a naive `python -c` trimesh pipeline on the
same file (load, volume, watertight, split, 20 k thickness rays). Target: <= 3 s.

    .venv/bin/python bench/bench_chat.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run without installing

from bench.bench_cli import NAIVE_FULL, timed
from bot.emulator.client import wait_for_bot
from tests.test_bot.shop import free_port

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 3.0

MAKE_PART = """
import sys, trimesh
from tests.test_geometry.files import binary_stl
sys.stdout.buffer.write(binary_stl(trimesh.creation.icosphere(subdivisions=6, radius=20.0)))
"""


def priced_card(name: str) -> Any:
    """Matches the part card of `name`: a photo with a row of process buttons."""
    return lambda m: m["photo_url"] is not None and name in (m["text"] or "") and m["buttons"]


def start_serve(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    """`smallbatch serve` with the emulator; the process and the chat page's URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMALLBATCH_", "TELEGRAM_"))}
    env |= {
        "SMALLBATCH_DATA_DIR": str(data_dir),
        "SMALLBATCH_PORT": str(free_port()),
        "SMALLBATCH_EMULATOR_PORT": str(free_port()),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "smallbatch", "serve"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Chat with the bot in a browser: "):
            return process, line.split(": ", 1)[1].strip().rstrip("/")
    raise SystemExit("smallbatch serve did not start")


def main() -> None:
    """Serve, send the part `--runs` times alternating with the naive pipeline, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    part = subprocess.run(
        [sys.executable, "-c", MAKE_PART], cwd=REPO, capture_output=True, check=True
    ).stdout
    faces = int.from_bytes(part[80:84], "little")
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / "part.stl"
        local.write_bytes(part)
        process, url = start_serve(Path(folder) / "data")
        chat_s: list[float] = []
        naive_s: list[float] = []
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                state = client.get("/_emulator/state").json()
                alice = next(u["id"] for u in state["users"] if u["first_name"] == "Alice")
                client.post(
                    f"/_emulator/chats/{alice}/messages", json={"user_id": alice, "text": "/start"}
                )
                wait_for_bot(client, alice, lambda m: bool(m["text"]), time.monotonic() + 60)
                for run in range(args.runs):
                    name = f"part-{run}.stl"
                    header = f"bench run {run}".encode().ljust(80, b" ")
                    start = time.perf_counter()
                    client.post(
                        f"/_emulator/chats/{alice}/documents",
                        data={"user_id": str(alice)},
                        files={"file": (name, header + part[80:])},
                    )
                    wait_for_bot(client, alice, priced_card(name), time.monotonic() + 60)
                    chat_s.append(time.perf_counter() - start)
                    naive_s.append(timed([sys.executable, "-c", NAIVE_FULL, str(local)])[0])
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    print(f"{faces:,}-face STL ({len(part) / 1e6:.1f} MB), {args.runs} runs under smallbatch serve")
    print(f"{'':>34} {'median s':>8} {'min':>5} {'max':>5}")
    print(
        f"{'file sent -> priced process list':>34} {statistics.median(chat_s):>8.2f} "
        f"{min(chat_s):>5.2f} {max(chat_s):>5.2f}   target {TARGET_S:.1f} s"
    )
    print(
        f"{'naive trimesh pipeline (process)':>34} {statistics.median(naive_s):>8.2f} "
        f"{min(naive_s):>5.2f} {max(naive_s):>5.2f}"
    )
    print("runs (s):", " ".join(f"{s:.2f}" for s in chat_s))


if __name__ == "__main__":
    main()
