"""`smallbatch db copy` throughput: rows per second into PostgreSQL, files into S3.

A SQLite data directory is filled with synthetic rows (rate-limit windows) and small
stored files with their records, then copied by the real command into a throwaway
PostgreSQL cluster, with the files into a moto bucket or left on disk.

    .venv/bin/python bench/bench_db_copy.py [--rows N] [--files N] [--s3]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backend.db import Database, now_iso  # noqa: E402
from backend.parts.storage import file_key  # noqa: E402
from tests.pg import running_cluster  # noqa: E402
from tests.test_backend.server import environment, smallbatch  # noqa: E402


async def fill(data_dir: Path, rows: int, files: int) -> None:
    """`rows` rate-limit windows, and `files` stored files each with its record."""
    db = Database(data_dir / "smallbatch.db", readers=0)
    await db.open()
    try:
        at = now_iso()
        async with db.write() as tx:
            for i in range(rows):
                await tx.execute(
                    "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?)",
                    (f"upload:{i % 1000}", i, 1),
                )
            for i in range(files):
                sha256 = hashlib.sha256(str(i).encode()).hexdigest()
                await tx.execute(
                    "INSERT INTO files (sha256, size_bytes, created_at) VALUES (?, ?, ?)",
                    (sha256, 4096, at),
                )
                path = data_dir / file_key(sha256)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(sha256.encode() * 64)
    finally:
        await db.close()


def main() -> int:
    """Fill, copy, print one line of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="rate-limit rows")
    parser.add_argument("--files", type=int, default=1000, help="stored files of 4 KB")
    parser.add_argument("--s3", action="store_true", help="copy the files into a moto bucket")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        asyncio.run(fill(data_dir, args.rows, args.files))
        cluster = running_cluster()
        pg = next(cluster)
        s3 = None
        if args.s3:  # moto only when asked for
            from tests.test_backend.s3 import AWS_ENV, S3Server

            s3 = S3Server()
        try:
            env = {"SMALLBATCH_DATABASE_URL": asyncio.run(pg.fresh_database(template=None))}
            if s3 is not None:
                os.environ.update(AWS_ENV)  # for moto's client here and the command's
                s3.start()
                env |= AWS_ENV | {"SMALLBATCH_S3_ENDPOINT": s3.endpoint,
                                  "SMALLBATCH_S3_BUCKET": s3.new_bucket()}  # fmt: skip
            started = time.monotonic()
            done = subprocess.run(
                [*smallbatch(), "db", "copy"], env=environment(data_dir, **env),
                capture_output=True, text=True, check=False, cwd=ROOT,
            )  # fmt: skip
            seconds = time.monotonic() - started
        finally:
            if s3 is not None:
                s3.stop()
            next(cluster, None)  # stops the cluster
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            return 1
    rows = args.rows + args.files
    print(f"{'rows':>8} {'files':>6} {'store':>6} {'seconds':>8} {'rows/s':>8}")
    store = "s3" if args.s3 else "local"
    print(f"{rows:>8} {args.files:>6} {store:>6} {seconds:>8.1f} {rows / seconds:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
