"""A worker taken over by a hostile file finds no network, no other user's files, no way out.

The suite runs as root here, so every layer of the sandbox can hold, and each test checks
the behaviour, not only the status that claims it.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from envconfig import EnvError, from_env
from geometry.errors import AnalysisTimeout
from geometry.limits import Limits
from sandbox import analyze_isolated, run_isolated, sandbox_status
from sandbox.settings import SandboxSettings
from tests.conftest import REPO
from tests.test_sandbox import confinement_targets as jobs

GB = 1024**3
FAST = Limits(worker_wall_seconds=10.0, worker_memory_bytes=1 * GB, worker_cpu_seconds=5)
ROOT = os.geteuid() == 0


@pytest.fixture
def closed_dir() -> Iterator[Path]:
    """A 0700 folder with a short path (the forkserver's unix socket goes in TMPDIR too)."""
    path = Path(tempfile.mkdtemp(prefix="closed-"))
    yield path
    shutil.rmtree(path)


def test_a_worker_cannot_connect_to_a_server_listening_on_loopback() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(0.5)
        port = server.getsockname()[1]
        assert jobs.connect(port) == "done"  # reachable from here: the server works
        server.accept()[0].close()
        assert run_isolated(jobs.connect, (port,), FAST) in {
            "OSError",  # no route: the namespace's loopback is down
            "PermissionError",  # or the filters refused the socket
            "ConnectionRefusedError",
        }
        with pytest.raises(TimeoutError):
            server.accept()  # nothing ever arrived


def test_a_worker_cannot_connect_even_to_a_unix_socket_open_to_everyone(
    closed_dir: Path,
) -> None:
    # Unix sockets too: as the server's user, a worker could reach the forkserver's.
    closed_dir.chmod(0o777)
    path = str(closed_dir / "s")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        os.chmod(path, 0o777)
        server.listen()
        assert jobs.connect_unix(path) == "done"  # reachable from here
        assert run_isolated(jobs.connect_unix, (path,), FAST) == "PermissionError"


def test_a_worker_started_by_root_runs_as_an_unprivileged_user_without_groups() -> None:
    seen = run_isolated(jobs.identity, (), FAST)
    if ROOT:
        assert seen.uid != 0
        assert seen.gid != 0
        assert seen.groups == []
    else:
        assert seen.uid == os.getuid()  # nothing to switch from


def test_the_first_uid_comes_from_the_environment() -> None:
    caller = (
        "import msgspec\n"
        "from sandbox import run_isolated\n"
        "from tests.test_sandbox.confinement_targets import identity\n"
        "if __name__ == '__main__':\n"
        "    print(msgspec.json.encode(run_isolated(identity, ())).decode())\n"
    )
    env = {**os.environ, "SMALLBATCH_SANDBOX_FIRST_UID": "2000000000"}
    done = subprocess.run(
        [sys.executable, "-c", caller], cwd=REPO, env=env, capture_output=True, check=True,
        timeout=120,
    )  # fmt: skip
    seen = msgspec.json.decode(done.stdout.splitlines()[-1], type=jobs.Identity)
    assert seen.uid == (2_000_000_000 + seen.pid if ROOT else os.getuid())


def test_a_temp_root_other_users_cannot_enter_keeps_the_worker_working(closed_dir: Path) -> None:
    closed = closed_dir
    caller = (
        "import msgspec\n"
        "from sandbox import run_isolated, sandbox_status\n"
        "from tests.test_sandbox.confinement_targets import use_temp_dir\n"
        "if __name__ == '__main__':\n"
        "    print(sandbox_status().user.detail)\n"
        "    print(run_isolated(use_temp_dir, ()).written)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", caller], cwd=REPO, env={**os.environ, "TMPDIR": str(closed)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    user, written = done.stdout.splitlines()[-2:]
    assert written.startswith(str(closed))  # the temp file was written: the analysis works
    if ROOT:  # and the worker stayed root rather than lose its temp dir, saying why
        assert str(closed) in user


def test_a_first_uid_that_could_reach_root_or_overflow_is_refused() -> None:
    for wrong in ("0", "999", str(2**32 - 2**21)):
        with pytest.raises(EnvError, match="SMALLBATCH_SANDBOX_FIRST_UID"):
            from_env(SandboxSettings, {"SMALLBATCH_SANDBOX_FIRST_UID": wrong})


def test_two_workers_running_at_once_never_share_a_user() -> None:
    seen: list[jobs.Identity] = []
    threads = [
        threading.Thread(
            target=lambda: seen.append(run_isolated(jobs.identity_after, (0.5,), FAST))
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 2
    assert (seen[0].uid != seen[1].uid) is ROOT


def test_a_worker_cannot_write_outside_its_temp_dir(tmp_path: Path) -> None:
    tmp_path.chmod(0o777)  # even a folder open to everyone is closed to the worker
    targets = [
        str(REPO / "escaped-from-sandbox.txt"),
        os.path.join(tempfile.gettempdir(), f"escaped-from-sandbox-{os.getpid()}.txt"),
        str(tmp_path / "escaped.txt"),
    ]
    outcomes = run_isolated(jobs.write_files, (targets,), FAST)
    assert outcomes == dict.fromkeys(targets, "PermissionError")
    assert not any(os.path.exists(target) for target in targets)


def test_a_worker_writes_temp_files_in_a_private_dir_that_is_removed_afterwards() -> None:
    seen = run_isolated(jobs.use_temp_dir, (), FAST)
    assert seen.gettempdir == seen.tmpdir_env != tempfile.gettempdir()
    assert Path(seen.written).parent == Path(seen.tmpdir_env)
    assert seen.mode == 0o700
    assert (seen.owner != 0) is ROOT  # the worker's own user owns it
    assert not os.path.exists(seen.tmpdir_env)


def test_the_temp_dir_is_removed_even_when_the_worker_is_killed() -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    quick = Limits(worker_wall_seconds=1.0, worker_memory_bytes=1 * GB, worker_cpu_seconds=5)
    with pytest.raises(AnalysisTimeout):
        run_isolated(jobs.send_temp_dir_then_sleep, (writer,), quick)
    temp_dir = reader.recv_bytes().decode()
    assert temp_dir.startswith(tempfile.gettempdir())
    assert not os.path.exists(temp_dir)


def test_a_worker_can_start_neither_a_program_nor_a_process() -> None:
    assert run_isolated(jobs.start_a_program, (), FAST) == "PermissionError"
    assert run_isolated(jobs.fork_a_process, (), FAST) == "PermissionError"


def test_a_worker_cannot_signal_its_caller() -> None:
    assert run_isolated(jobs.signal_process, (os.getpid(),), FAST) == "PermissionError"


def test_every_layer_holds_here_and_the_worker_reports_it() -> None:
    status = sandbox_status()
    assert status.missing() == ([] if ROOT else ["user"])
    assert "NOT HELD" not in status.summary()


@pytest.mark.parametrize(
    "name", ["featuretype.STEP", "P_XPM_0331_01.3mf", "tube.obj", "20mm-xyz-cube.stl"]
)
def test_a_real_part_is_analysed_with_its_thumbnail_through_the_sandbox(
    fixture_meshes: Path, name: str
) -> None:
    # STEP goes through temp files (cascadio), 3MF through zip's code pages, and every
    # thumbnail through PIL's PNG plugin: all must work as the worker's own user.
    data = (fixture_meshes / name).read_bytes()
    analysis = analyze_isolated(data, name, limits=Limits(worker_wall_seconds=60.0), thumbnail=True)
    assert analysis.report.faces > 0
    assert analysis.report.volume_mm3 > 0
    assert analysis.thumbnail_png.startswith(b"\x89PNG")
