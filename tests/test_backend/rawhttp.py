"""Raw sockets that speak just enough HTTP/1.1 to stall on purpose, as a hostile client would."""

from __future__ import annotations

import socket
import time

from tests.test_backend.api import customer

BOUNDARY = "stall"


def connect(port: int) -> socket.socket:
    """A loopback connection to `port`."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.settimeout(None)
    return sock


def stalled_upload(
    port: int, path: str = "/api/v1/parts", announced: int = 200_000
) -> socket.socket:
    """A connection that sent an upload's head and the start of its file, then went quiet."""
    start = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.stl"\r\n'
        "\r\nsolid stalled\n"
    ).encode()
    headers = {
        **customer(),
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(announced),
    }
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    sock = connect(port)
    sock.sendall(head.encode() + b"\r\n" + start)
    return sock


def answer_and_close(sock: socket.socket, within: float) -> tuple[bytes, float]:
    """All the server sends until it closes the connection, and when that was.

    Raises:
        AssertionError: the connection is still open after `within` seconds.
    """
    sock.settimeout(within)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        raise AssertionError(f"still open after {within} s; got {received[:200]!r}") from None
    except ConnectionResetError:
        pass  # closed with unread bytes of ours in its buffer: closed all the same
    return received, time.monotonic()


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer."""
    return int(answer.split(b" ", 2)[1])
