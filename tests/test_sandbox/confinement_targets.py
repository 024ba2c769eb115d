"""Jobs that try, from inside a worker, what a parser taken over by a hostile file would try.

Each reports what happened as text (the exception's class, or what it achieved) so the
test decides; they run in the worker, so they must be importable by name from there.
"""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import tempfile
import time
from multiprocessing.connection import Connection

import msgspec


class Identity(msgspec.Struct, frozen=True, kw_only=True):
    """Who the worker runs as."""

    uid: int
    gid: int
    groups: list[int]
    pid: int


class TempDir(msgspec.Struct, frozen=True, kw_only=True):
    """The worker's temp dir as it sees it, and a file it wrote there."""

    tmpdir_env: str
    gettempdir: str
    written: str
    mode: int
    owner: int


def _outcome(action: object) -> str:
    """Run `action`; "done" or the name of the exception it raised."""
    assert callable(action)
    try:
        action()
    except Exception as exc:
        return type(exc).__name__
    return "done"


def connect(port: int) -> str:
    """Open a TCP connection to the test's server on loopback."""

    def attempt() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass

    return _outcome(attempt)


def connect_unix(path: str) -> str:
    """Connect to the test's unix socket at `path`."""

    def attempt() -> None:
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)

    return _outcome(attempt)


def identity() -> Identity:
    """The worker's user, group and supplementary groups."""
    return Identity(uid=os.getuid(), gid=os.getgid(), groups=os.getgroups(), pid=os.getpid())


def identity_after(seconds: float) -> Identity:
    """The identity, once `seconds` have passed (so two such workers overlap)."""
    time.sleep(seconds)
    return identity()


def write_files(paths: list[str]) -> dict[str, str]:
    """Try to create each file; what happened, by path."""

    def create(path: str) -> None:
        with open(path, "x") as out:
            out.write("escaped")

    return {path: _outcome(functools.partial(create, path)) for path in paths}


def use_temp_dir() -> TempDir:
    """Write a temp file the usual way, and describe where it went."""
    fd, path = tempfile.mkstemp(suffix=".step")
    os.write(fd, b"ISO-10303-21;")
    os.close(fd)
    info = os.stat(os.environ["TMPDIR"])
    return TempDir(
        tmpdir_env=os.environ["TMPDIR"],
        gettempdir=tempfile.gettempdir(),
        written=path,
        mode=info.st_mode & 0o777,
        owner=info.st_uid,
    )


def send_temp_dir_then_sleep(conn: Connection) -> str:
    """Leave a file in the temp dir, tell the test where, then hang until killed."""
    with tempfile.NamedTemporaryFile(delete=False) as left:
        left.write(b"left behind")
    conn.send_bytes(os.environ["TMPDIR"].encode())
    conn.close()
    while True:
        time.sleep(1)


def start_a_program() -> str:
    """Run `/bin/true`."""
    return _outcome(lambda: subprocess.run(["/bin/true"], check=True))


def fork_a_process() -> str:
    """Fork a child (which would exit at once)."""

    def attempt() -> None:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)

    return _outcome(attempt)


def signal_process(pid: int) -> str:
    """Send signal 0 (a permission check that kills nothing) to `pid`."""
    return _outcome(lambda: os.kill(pid, 0))
