"""Quote creation and order reads on PostgreSQL against SQLite, 64 clients, in the same run.

Two real `smallbatch serve` backends (SQLite in a temp data dir; a throwaway PostgreSQL
cluster from tests/pg.py, fsync on, as SQLite's synchronous=FULL is), each seeded the
same way: CUSTOMERS customers, each with a measured part and ORDERS_EACH orders moved
through three transitions (four history entries). Then, per run and alternating which
store goes first (so load from other work on the machine hits both alike), 64 keep-alive
clients spread over the customers drive:

- `POST /api/v1/quotes`, the route the bot prices a part with (without `hint` and `chart`,
  which add the same pricing work on either store);
- `GET /api/v1/orders/{id}` of the client's customer's own order;
- `GET /api/v1/orders?limit=10`, the customer's list (the bot's /orders).

Prints, per operation and store, the median over the runs of requests/s, p50 and p99,
and the PostgreSQL/SQLite ratio of each (above 1 = PostgreSQL slower or, for req/s, faster).

    .venv/bin/python bench/bench_stores.py [--runs 5] [--requests 2000] [--clients 64]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run without installing

from bench.bench_backend import (
    BOT_KEY,
    BRACKET,
    Connection,
    order_in_qc,
    percentile,
    upload,
    wait_ready,
)
from tests.pg import Cluster, _free_port
from tests.test_backend.server import Server, add_staff

CUSTOMERS = 8
ORDERS_EACH = 3
QUOTE = {"process": "sla", "material": "tough", "quantity": 10, "lead": "standard"}  # as the bot


class Request(NamedTuple):
    """One request a client repeats."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


class Customer(NamedTuple):
    """A seeded customer: its headers, its measured part and its orders."""

    headers: dict[str, str]
    part_id: str
    order_ids: list[str]


def customer_headers(number: int) -> dict[str, str]:
    """The bot's headers for Telegram user `number`."""
    return {"Authorization": f"Bearer {BOT_KEY}", "X-Telegram-User-Id": str(number)}


async def seed_customer(port: int, staff: str, number: int) -> Customer:
    """A customer with a measured part and ORDERS_EACH orders in QC."""
    headers = customer_headers(number)
    part_id = await upload(port, "bracket.stl", BRACKET, headers)
    await wait_ready(port, part_id, headers=headers)
    order_ids = [await order_in_qc(port, staff, headers, part_id) for _ in range(ORDERS_EACH)]
    return Customer(headers, part_id, order_ids)


async def drive(port: int, plan: list[Request], total: int) -> tuple[float, list[float]]:
    """`total` requests from one connection per request in `plan`: (seconds, latencies ms)."""
    connections = [await Connection.open(port) for _ in plan]
    latencies: list[float] = []
    remaining = total

    async def client(conn: Connection, request: Request) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status, answer = await conn.request(*request)
            latencies.append((time.perf_counter() - started) * 1000)
            if status >= 300:
                raise RuntimeError(f"{request.method} {request.path}: {status} {answer[:200]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(client(c, r) for c, r in zip(connections, plan, strict=True)))
    elapsed = time.perf_counter() - started
    for conn in connections:
        conn.close()
    return elapsed, latencies


def plans(customers: list[Customer], clients: int) -> dict[str, list[Request]]:
    """Each operation's request per client, the clients spread over the customers."""
    json_type = {"Content-Type": "application/json"}
    mine = [customers[i % len(customers)] for i in range(clients)]
    return {
        "POST /quotes": [
            Request(
                "POST",
                "/api/v1/quotes",
                c.headers | json_type,
                json.dumps({"part_id": c.part_id, **QUOTE}).encode(),
            )
            for c in mine
        ],
        "GET /orders/{id} (4 history entries)": [
            Request("GET", f"/api/v1/orders/{c.order_ids[i % ORDERS_EACH]}", c.headers)
            for i, c in enumerate(mine)
        ],
        f"GET /orders?limit=10 ({ORDERS_EACH} orders)": [
            Request("GET", "/api/v1/orders?limit=10", c.headers) for c in mine
        ],
    }


class Figures(NamedTuple):
    """One load: requests/s, median and 99th-percentile latency (ms), CPU ms per request.

    The CPU time (server and database processes together) is the steadiest figure on a
    machine other work is loading too: waiting for a core does not count in it.
    """

    rps: float
    p50: float
    p99: float
    cpu: float


def cpu_seconds(roots: list[int]) -> float:
    """User and system CPU seconds of the processes `roots` and all their descendants.

    Ended descendants count too, when reaped by one in the tree.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended meanwhile
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])  # ppid
        # utime, stime and those of its reaped children (fields 14-17 of stat): a
        # database backend that ended during the load still counts, in its parent.
        used[pid] = sum(int(field) for field in fields[11:15])
    chosen, frontier = set(roots), set(roots)
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - chosen
        chosen |= frontier
    return sum(used.get(pid, 0) for pid in chosen) / ticks


class Store:
    """One backend under test: its server, its seeded customers, its request plans."""

    def __init__(self, name: str, server: Server, database_pid: int | None = None) -> None:
        self.name = name
        self.server = server
        assert server.process is not None
        self.pids = [server.process.pid] + ([database_pid] if database_pid else [])
        self.plans: dict[str, list[Request]] = {}

    async def seed(self, staff: str, clients: int, only: str) -> None:
        """Seed the customers and warm the operations (with `only` in their names) up."""
        port = self.server.port
        customers = [await seed_customer(port, staff, 1001 + n) for n in range(CUSTOMERS)]
        self.plans = {k: v for k, v in plans(customers, clients).items() if only in k}
        for plan in self.plans.values():
            await drive(port, plan, 4 * len(plan))

    async def measure(self, operation: str, total: int) -> Figures:
        """One load of `operation`."""
        cpu = cpu_seconds(self.pids)
        seconds, latencies = await drive(self.server.port, self.plans[operation], total)
        cpu = cpu_seconds(self.pids) - cpu
        return Figures(
            len(latencies) / seconds, statistics.median(latencies),
            percentile(latencies, 0.99), 1000 * cpu / len(latencies),
        )  # fmt: skip


@contextmanager
def started(folder: Path, name: str, **env: str) -> Iterator[tuple[Server, str]]:
    """A backend on `env`'s database in `folder`, and a staff token for it."""
    data = folder / name / "data"
    data.mkdir(parents=True)
    staff = add_staff(data, "bench", **env)
    server = Server(data, SMALLBATCH_UPLOADS_PER_HOUR="1000", **env)
    server.start()
    try:
        yield server, staff
    finally:
        server.stop()


def table(results: dict[str, dict[str, list[Figures]]], runs: int) -> list[str]:
    """The printed rows: per operation, each store's medians and the PG/SQLite ratios."""
    head = (
        f"{'operation':<38} {'store':<10} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>10}"
    )
    lines = [f"median of {runs} runs", head, "-" * len(head)]
    for operation, by_store in results.items():
        medians = {
            store: Figures(*(statistics.median(column) for column in zip(*runs_, strict=True)))
            for store, runs_ in by_store.items()
        }
        for store, m in medians.items():
            lines.append(
                f"{operation:<38} {store:<10} {m.rps:>7.0f} {m.p50:>8.1f} {m.p99:>8.1f} "
                f"{m.cpu:>10.2f}"
            )
        ratio = Figures(
            *(pg / lite for pg, lite in zip(medians["postgres"], medians["sqlite"], strict=True))
        )
        lines.append(
            f"{'':<38} {'PG/SQLite':<10} {ratio.rps:>7.2f} {ratio.p50:>8.2f} {ratio.p99:>8.2f} "
            f"{ratio.cpu:>10.2f}"
        )
    return lines


async def compare(stores: list[Store], runs: int, total: int) -> dict[str, Any]:
    """Every operation on every store, `runs` times, alternating which store goes first."""
    results: dict[str, dict[str, list[Figures]]] = {}
    for operation in stores[0].plans:
        results[operation] = {store.name: [] for store in stores}
        for run in range(runs):
            for store in stores if run % 2 == 0 else stores[::-1]:
                results[operation][store.name].append(await store.measure(operation, total))
    return results


def main() -> None:
    """Start both backends, seed them, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--only", help="measure only the operations containing this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Its own temp dir (not under `folder`): the postgres user must reach it.
        cluster = Cluster(Path(tempfile.mkdtemp(prefix="bench-pg-")), _free_port(), durable=True)
        cluster.start()
        try:
            pg_url = asyncio.run(cluster.fresh_database())
            with (
                started(folder, "sqlite") as (lite, lite_staff),
                started(folder, "postgres", SMALLBATCH_DATABASE_URL=pg_url) as (pg, pg_staff),
            ):
                postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
                stores = [Store("sqlite", lite), Store("postgres", pg, postmaster)]

                async def run() -> dict[str, Any]:
                    for store, staff in zip(stores, (lite_staff, pg_staff), strict=True):
                        await store.seed(staff, args.clients, args.only or "")
                    return await compare(stores, args.runs, args.requests)

                results = asyncio.run(run())
        finally:
            cluster.stop()
    print(
        f"smallbatch backend, {os.cpu_count()} cores, {args.clients} concurrent clients over "
        f"{CUSTOMERS} customers, {args.requests} requests a run; SQLite (WAL, synchronous=FULL) "
        "vs PostgreSQL 15 (fsync on), each with 4 reader connections and a writer"
    )
    print("\n".join(table(results, args.runs)))


if __name__ == "__main__":
    main()
