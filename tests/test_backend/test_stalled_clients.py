"""Clients that go quiet cannot hold a real `smallbatch serve`: timeouts, caps, temp files.

The server runs with short timeouts and a small upload cap, so what a shop tunes in
minutes is seen here in seconds; the bounds asserted are generous (the suite runs beside
other servers), but each would fail on a server that waits for ever.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.test_backend.api import customer
from tests.test_backend.rawhttp import answer_and_close, connect, stalled_upload, status_of
from tests.test_backend.server import Server

READ_TIMEOUT = 2
KEEP_ALIVE = 2
UPLOADS_AT_ONCE = 3
#: How long past its timeout a stalled client may still be held on a loaded machine.
SLACK = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server with short timeouts for the whole module."""
    running = Server(
        tmp_path_factory.mktemp("stalled") / "data",
        SMALLBATCH_READ_TIMEOUT=str(READ_TIMEOUT),
        SMALLBATCH_KEEP_ALIVE_SECONDS=str(KEEP_ALIVE),
        SMALLBATCH_MAX_UPLOADS_AT_ONCE=str(UPLOADS_AT_ONCE),
        SMALLBATCH_ANALYSIS_WORKERS="1",
    )
    running.start(timeout=120)
    yield running
    running.stop()


def temp_files(server: Server) -> list[Path]:
    """Uploads being received: their spooled files."""
    return list((server.data_dir / "tmp").glob("upload-*"))


def wait_until(condition: object, seconds: float) -> None:
    """Poll `condition()` until it holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.05)


def upload_page_path(server: Server) -> str:
    """A fresh one-time upload page (the public one), as a path."""
    made = httpx.post(f"{server.url}/api/v1/upload-links", headers=customer(), timeout=30)
    assert made.status_code == 201, made.text
    return "/" + str(made.json()["url"]).split("://", 1)[1].partition("/")[2]


def test_stalled_uploads_are_cut_off_their_temp_files_removed_and_others_served(
    server: Server,
) -> None:
    # Two through the API, one through the public upload page: the cap's worth.
    paths = ["/api/v1/parts", "/api/v1/parts", upload_page_path(server)]
    stalled = [stalled_upload(server.port, path) for path in paths]
    wait_until(lambda: len(temp_files(server)) == UPLOADS_AT_ONCE, SLACK)
    held_since = time.monotonic()

    # One more upload is refused at once, its body unread, rather than queued behind them.
    extra = stalled_upload(server.port)
    answer, _ = answer_and_close(extra, SLACK)
    assert status_of(answer) == 503
    assert b"retry-after: 5" in answer.lower()

    # Everything else is still served while they are held.
    assert httpx.get(f"{server.url}/health", timeout=10).status_code == 200
    assert len(temp_files(server)) == UPLOADS_AT_ONCE

    for sock in stalled:
        answer, closed_at = answer_and_close(sock, READ_TIMEOUT + SLACK)
        assert status_of(answer) == 408
        assert closed_at - held_since >= READ_TIMEOUT * 0.9  # cut for its silence, not sooner
        sock.close()
    wait_until(lambda: temp_files(server) == [], SLACK)


def test_a_connection_that_never_sends_a_request_is_closed(server: Server) -> None:
    sock = connect(server.port)
    answer, _ = answer_and_close(sock, KEEP_ALIVE + SLACK)
    assert answer == b""
    sock.close()


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(server: Server) -> None:
    sock = connect(server.port)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    started = time.monotonic()
    closed = False
    # A byte every half second keeps any idle timer from firing: only a deadline ends it.
    while time.monotonic() - started < READ_TIMEOUT + SLACK:
        try:
            sock.sendall(b"X")
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        time.sleep(0.5)
    sock.close()
    assert closed


def test_a_slow_upload_that_keeps_sending_is_not_cut_off(server: Server) -> None:
    body = (
        b'--stall\r\nContent-Disposition: form-data; name="file"; filename="a.stl"\r\n\r\n'
        + b"solid slow\nendsolid slow\n"
        + b"\r\n--stall--\r\n"
    )
    head = (
        "POST /api/v1/parts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in customer().items())
        + f"Content-Type: multipart/form-data; boundary=stall\r\nContent-Length: {len(body)}\r\n"
        + "Connection: close\r\n\r\n"
    )
    sock = connect(server.port)
    sock.sendall(head.encode())
    # Each pause well within the read timeout, the whole upload longer than it.
    pieces = [body[i : i + 8] for i in range(0, len(body), 8)]
    pause = (READ_TIMEOUT * 1.5) / len(pieces)
    for piece in pieces:
        sock.sendall(piece)
        time.sleep(pause)
    answer, _ = answer_and_close(sock, SLACK)
    sock.close()
    assert status_of(answer) in (201, 202), answer[:300]
