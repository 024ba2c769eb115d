"""The backend under load on loopback: a real `smallbatch serve` and a light raw-HTTP client.

Prints one table:

- quote creation for a ready part, 64 concurrent clients: requests/s, p50, p99;
- `GET /orders/{id}`, 64 concurrent clients: requests/s, p50, p99;
- `/health` p50/p99 while four 1.3 M-face analyses run at once (target p99 under 50 ms:
  analysis runs in worker processes and must not stall the event loop).

The client speaks HTTP/1.1 keep-alive over asyncio streams (no HTTP library), so
as little of the two cores as possible goes to the load generator.

    .venv/bin/python bench/bench_backend.py [--requests 4000] [--skip-analysis]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run without installing

from tests.test_backend.server import Server, add_staff

REPO = Path(__file__).resolve().parent.parent
BRACKET = (REPO / "geometry" / "samples" / "bracket.stl").read_bytes()
BOT_KEY = "test-bot-key-0123456789"  # the key tests.test_backend.server starts with
CUSTOMER = {"Authorization": f"Bearer {BOT_KEY}", "X-Telegram-User-Id": "1001"}
CLIENTS = 64


class Connection:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        """Connect to the server on loopback `port`."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        """Send one request; (status, body) of its answer (read by Content-Length)."""
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        """Close the connection."""
        self.writer.close()


async def load(
    port: int, method: str, path: str, headers: dict[str, str], *, body: bytes, total: int
) -> tuple[float, list[float]]:
    """`total` requests from CLIENTS connections at once: (seconds, latencies in ms)."""
    connections = [await Connection.open(port) for _ in range(CLIENTS)]
    latencies: list[float] = []
    remaining = total

    async def client(conn: Connection) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status, answer = await conn.request(method, path, headers, body)
            latencies.append((time.perf_counter() - started) * 1000)
            if status >= 300:
                raise RuntimeError(f"{method} {path}: {status} {answer[:200]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(client(c) for c in connections))
    elapsed = time.perf_counter() - started
    for conn in connections:
        conn.close()
    return elapsed, latencies


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0..1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file field, and its Content-Type."""
    boundary = "benchboundary7d3f"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


async def upload(port: int, name: str, data: bytes, headers: dict[str, str] = CUSTOMER) -> str:
    """Upload a file as the customer (`headers`); the new part's id."""
    conn = await Connection.open(port)
    body, content_type = multipart(name, data)
    status, answer = await conn.request(
        "POST", "/api/v1/parts", headers | {"Content-Type": content_type}, body
    )
    conn.close()
    if status not in (201, 202):
        raise RuntimeError(f"upload: {status} {answer[:200]!r}")
    part_id: str = json.loads(answer)["id"]
    return part_id


async def wait_ready(
    port: int, part_id: str, timeout: float = 600, headers: dict[str, str] = CUSTOMER
) -> None:
    """Wait until the part is measured; raise if its analysis failed or never ends."""
    conn = await Connection.open(port)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            status, answer = await conn.request("GET", f"/api/v1/parts/{part_id}", headers)
            if status == 200:
                if json.loads(answer)["status"] != "ready":
                    raise RuntimeError(f"part failed: {answer[:300]!r}")
                return
            await asyncio.sleep(0.1)
    finally:
        conn.close()
    raise RuntimeError("the part was never measured")


async def post_json(
    port: int, path: str, headers: dict[str, str], payload: object
) -> dict[str, Any]:
    """POST `payload` as JSON; the decoded answer, raising on any error status."""
    conn = await Connection.open(port)
    status, answer = await conn.request(
        "POST", path, headers | {"Content-Type": "application/json"}, json.dumps(payload).encode()
    )
    conn.close()
    if status >= 300:
        raise RuntimeError(f"{path}: {status} {answer[:200]!r}")
    result: dict[str, Any] = json.loads(answer)
    return result


async def order_in_qc(port: int, staff: str, customer: dict[str, str], part_id: str) -> str:
    """Quote the part (SLA, 10 off), accept, move to QC: the order's id (4 history entries)."""
    quote = await post_json(
        port, "/api/v1/quotes", customer,
        {"part_id": part_id, "process": "sla", "material": "tough", "quantity": 10},
    )  # fmt: skip
    order = await post_json(port, f"/api/v1/quotes/{quote['id']}/accept", customer, {})
    for to in ("approved", "in_production", "qc"):
        order = await post_json(
            port, f"/api/v1/orders/{order['id']}/transitions",
            {"Authorization": f"Bearer {staff}"}, {"to": to, "version": order["version"]},
        )  # fmt: skip
    order_id: str = order["id"]
    return order_id


def big_spheres(count: int) -> list[bytes]:
    """`count` different 1.3 M-face binary STLs (different sizes, so none is a cache hit)."""
    import trimesh

    sphere = trimesh.creation.icosphere(subdivisions=8, radius=20.0)
    files = []
    for i in range(count):
        mesh = sphere.copy()
        mesh.apply_scale(1.0 + 0.1 * i)
        out = io.BytesIO()
        mesh.export(out, file_type="stl")
        files.append(out.getvalue())
    return files


async def health_while_analysing(port: int, files: list[bytes]) -> tuple[list[float], float]:
    """/health latencies (ms), one request every 10 ms, while the files are analysed."""
    started = time.perf_counter()
    part_ids = await asyncio.gather(
        *(upload(port, f"sphere{i}.stl", data) for i, data in enumerate(files))
    )
    done = asyncio.ensure_future(asyncio.gather(*(wait_ready(port, p) for p in part_ids)))
    conn = await Connection.open(port)
    latencies: list[float] = []
    while not done.done():
        begin = time.perf_counter()
        await conn.request("GET", "/health", {})
        latencies.append((time.perf_counter() - begin) * 1000)
        await asyncio.sleep(0.01)
    conn.close()
    await done
    return latencies, time.perf_counter() - started


def row(name: str, seconds: float, latencies: list[float]) -> str:
    """One table row: requests per second, median and p99 latency."""
    rps = len(latencies) / seconds if seconds else 0.0
    return (
        f"{name:<44} {rps:>9.0f} {statistics.median(latencies):>8.2f} "
        f"{percentile(latencies, 0.99):>8.2f}"
    )


async def run(port: int, staff: str, requests: int, analysis: bool) -> list[str]:
    """Run every measurement against the server on `port`; the table's lines."""
    part_id = await upload(port, "bracket.stl", BRACKET)
    await wait_ready(port, part_id)
    quote_body = json.dumps(
        {"part_id": part_id, "process": "sla", "material": "tough", "quantity": 10}
    ).encode()
    json_headers = CUSTOMER | {"Content-Type": "application/json"}
    await load(port, "POST", "/api/v1/quotes", json_headers, body=quote_body, total=200)
    seconds, quote_ms = await load(
        port, "POST", "/api/v1/quotes", json_headers, body=quote_body, total=requests
    )
    order_id = await order_in_qc(port, staff, CUSTOMER, part_id)
    path = f"/api/v1/orders/{order_id}"
    await load(port, "GET", path, CUSTOMER, body=b"", total=200)
    read_s, read_ms = await load(port, "GET", path, CUSTOMER, body=b"", total=requests)
    lines = [
        f"{'what (64 concurrent clients, loopback)':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}",
        row("POST /api/v1/quotes (ready part)", seconds, quote_ms),
        row("GET /api/v1/orders/{id} (4 history entries)", read_s, read_ms),
    ]
    if analysis:
        files = big_spheres(4)
        health_ms, took = await health_while_analysing(port, files)
        lines.append(
            f"{'GET /health during 4 x 1.3M-face analyses':<44} {'':>9} "
            f"{statistics.median(health_ms):>8.2f} {percentile(health_ms, 0.99):>8.2f}"
            f"   (max {max(health_ms):.1f} ms, {len(health_ms)} probes, {took:.0f} s)"
        )
    return lines


def main() -> None:
    """Start a server in a temporary data folder, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--skip-analysis", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        staff = add_staff(data, "bench")
        # Logs at the default level (one JSON line per request), into a file.
        server = Server(data, SMALLBATCH_ANALYSIS_WORKERS="4", SMALLBATCH_UPLOADS_PER_HOUR="1000")
        server.start()
        try:
            lines = asyncio.run(run(server.port, staff, args.requests, not args.skip_analysis))
        finally:
            server.stop()
    print(f"smallbatch backend, {os.cpu_count()} cores, uvicorn + SQLite (WAL, synchronous=FULL)")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
