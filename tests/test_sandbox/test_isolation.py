"""Untrusted files are parsed in a worker whose crash, hang or blow-up can't hurt the caller."""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from geometry.errors import (
    AnalysisCrashed,
    AnalysisTimeout,
    CorruptFile,
    GeometryError,
    TooLarge,
)
from geometry.limits import Limits
from sandbox import WorkerError, analyze_isolated, run_isolated, run_isolated_async, warm_up
from sandbox.failures import CRASHED_MESSAGE, MEMORY_MESSAGE, TIMEOUT_MESSAGE
from tests.test_sandbox import isolation_targets as jobs

REPO = Path(__file__).resolve().parents[2]
GB = 1024**3
FAST = Limits(worker_wall_seconds=2.0, worker_memory_bytes=1 * GB, worker_cpu_seconds=5)


def _children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, state) of every process whose parent is `pid`, zombies included."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid:
            found.append((int(entry), state))
    return found


def _alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _forkserver_pid() -> int | None:
    pid: int | None = multiprocessing.forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    return pid


@pytest.fixture(autouse=True)
def no_worker_is_left_behind() -> Iterator[None]:
    """After every test: no live worker, no zombie, nothing in active_children()."""
    warm_up()
    yield
    assert multiprocessing.active_children() == []
    server = _forkserver_pid()
    assert server is not None
    assert _children_of(server) == []
    assert [c for c in _children_of(os.getpid()) if c[1] == "Z"] == []


def test_a_struct_returned_by_the_job_comes_back_as_that_struct() -> None:
    result = run_isolated(jobs.echo, ("bracket", b"solid"), FAST)
    assert result == jobs.Echo(label="bracket", size=5, pid=result.pid)
    assert result.pid != os.getpid()


def test_65_mb_of_file_data_reaches_the_worker_intact_in_size() -> None:
    data = os.urandom(1024) * (65 * 1024)
    assert run_isolated(jobs.echo, ("big", data), FAST).size == len(data)


def test_a_geometry_error_keeps_its_class_code_and_message() -> None:
    with pytest.raises(CorruptFile) as caught:
        run_isolated(jobs.raise_corrupt_file, ("The STL header promises 12 triangles.",), FAST)
    assert caught.value.as_dict() == {
        "code": "corrupt_file",
        "message": "The STL header promises 12 triangles.",
    }


def test_a_geometry_error_class_the_caller_never_imported_comes_back_by_its_code() -> None:
    with pytest.raises(TooLarge, match="too many zip entries"):
        run_isolated(jobs.raise_unknown_too_large, (), FAST)


def test_a_segfaulting_parser_becomes_analysis_crashed() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        run_isolated(jobs.segfault, (), FAST)
    assert caught.value.message == CRASHED_MESSAGE
    assert isinstance(caught.value.__cause__, WorkerError)
    assert caught.value.__cause__.reason == "killed by SIGSEGV"


def test_an_aborting_parser_becomes_analysis_crashed() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        run_isolated(jobs.abort, (), FAST)
    assert isinstance(caught.value.__cause__, WorkerError)
    assert caught.value.__cause__.reason == "killed by SIGABRT"


def test_a_parser_calling_sys_exit_becomes_analysis_crashed() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        run_isolated(jobs.exit_3, (), FAST)
    assert isinstance(caught.value.__cause__, WorkerError)
    assert "code 3" in caught.value.__cause__.reason


def test_an_unexpected_exception_becomes_analysis_crashed_without_its_details() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        run_isolated(jobs.raise_value_error, (), FAST)
    assert caught.value.message == CRASHED_MESSAGE
    assert "secret" not in str(caught.value)
    cause = caught.value.__cause__
    assert isinstance(cause, WorkerError)
    assert "ValueError: secret internal detail" in cause.reason
    assert "raise_value_error" in cause.details  # the worker's traceback, as text


def test_a_hanging_parser_is_killed_at_the_wall_clock_limit() -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    started = time.monotonic()
    with pytest.raises(AnalysisTimeout) as caught:
        run_isolated(jobs.send_pid_then_sleep, (writer,), FAST)
    assert 2.0 <= time.monotonic() - started < 4.0
    assert caught.value.message == TIMEOUT_MESSAGE
    assert not _alive(int(reader.recv_bytes()))


def test_a_cpu_burning_parser_is_stopped_at_the_cpu_limit() -> None:
    limits = Limits(worker_wall_seconds=20.0, worker_memory_bytes=1 * GB, worker_cpu_seconds=1)
    started = time.monotonic()
    with pytest.raises(AnalysisTimeout) as caught:
        run_isolated(jobs.spin_forever, (), limits)
    assert time.monotonic() - started < 10.0  # well before the wall clock
    assert isinstance(caught.value.__cause__, WorkerError)
    assert caught.value.__cause__.reason == "CPU-time limit reached"


def test_a_memory_blowup_is_contained() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        run_isolated(jobs.allocate_10_gb, (), FAST)
    assert caught.value.message == MEMORY_MESSAGE


def test_memory_growing_step_by_step_is_contained_too() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        # A generous wall clock: on a loaded machine the memory limit must still be what stops it.
        run_isolated(
            jobs.grow_until_exhausted, (), msgspec.structs.replace(FAST, worker_wall_seconds=20.0)
        )
    assert caught.value.message == MEMORY_MESSAGE


def test_the_worker_runs_under_the_configured_address_space_limit() -> None:
    assert run_isolated(jobs.address_space_limit, (), FAST) == 1 * GB


def test_a_result_that_does_not_match_the_declared_type_is_rejected() -> None:
    with pytest.raises(AnalysisCrashed) as caught:
        run_isolated(jobs.return_wrong_type, (), FAST)
    assert isinstance(caught.value.__cause__, WorkerError)
    assert "undecodable reply" in caught.value.__cause__.reason


def test_a_job_without_a_return_annotation_is_refused_before_any_worker_starts() -> None:
    with pytest.raises(TypeError, match="return annotation"):
        run_isolated(jobs.no_annotation, (), FAST)


def test_the_caller_keeps_working_after_every_kind_of_failure() -> None:
    quick = Limits(worker_wall_seconds=0.5, worker_memory_bytes=1 * GB, worker_cpu_seconds=5)
    for job in (jobs.segfault, jobs.abort, jobs.allocate_10_gb, jobs.sleep_forever):
        with pytest.raises(GeometryError):
            run_isolated(job, (), quick)
    assert run_isolated(jobs.echo, ("still here", b""), FAST).label == "still here"


def test_concurrent_calls_from_8_threads_each_get_their_own_result() -> None:
    outcomes: dict[int, object] = {}

    def call(i: int) -> None:
        try:
            if i % 4 == 3:
                outcomes[i] = run_isolated(jobs.raise_corrupt_file, (f"bad {i}",), FAST)
            else:
                outcomes[i] = run_isolated(jobs.echo, (f"part {i}", b"x" * i), FAST)
        except GeometryError as exc:
            outcomes[i] = exc.as_dict()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for i in range(8):
        if i % 4 == 3:
            assert outcomes[i] == {"code": "corrupt_file", "message": f"bad {i}"}
        else:
            result = outcomes[i]
            assert isinstance(result, jobs.Echo)
            assert (result.label, result.size) == (f"part {i}", i)
    pids = {r.pid for r in outcomes.values() if isinstance(r, jobs.Echo)}
    assert len(pids) == 6  # a fresh worker for every job


def test_a_crash_is_reported_as_such_while_other_threads_poll_children() -> None:
    # Process.start and active_children poll every child; unguarded, that steals
    # a worker's exit status and turns "killed by SIGSEGV" into "exit code 255".
    reasons: list[str] = []
    stop = threading.Event()

    def poll_children() -> None:
        while not stop.is_set():
            multiprocessing.active_children()

    def crash_five_times() -> None:
        for _ in range(5):
            try:
                run_isolated(jobs.segfault, (), FAST)
            except AnalysisCrashed as exc:
                assert isinstance(exc.__cause__, WorkerError)
                reasons.append(exc.__cause__.reason)

    poller = threading.Thread(target=poll_children)
    poller.start()
    threads = [threading.Thread(target=crash_five_times) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    poller.join()
    assert reasons == ["killed by SIGSEGV"] * 20


def test_the_async_wrapper_keeps_the_event_loop_ticking() -> None:
    async def scenario() -> tuple[jobs.Echo, int]:
        ticks = 0
        done = asyncio.Event()

        async def tick() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        result = await run_isolated_async(jobs.sleep_then_echo, (1.0, "slow"), FAST)
        done.set()
        await ticker
        return result, ticks

    result, ticks = asyncio.run(scenario())
    assert result.label == "slow"
    assert ticks >= 40  # about 100 if the loop never waited on the worker


def test_a_semaphore_bounds_how_many_workers_run_at_once() -> None:
    async def scenario() -> float:
        semaphore = asyncio.Semaphore(2)
        started = time.monotonic()
        await asyncio.gather(
            *(
                run_isolated_async(jobs.sleep_then_echo, (0.5, str(i)), FAST, semaphore)
                for i in range(4)
            )
        )
        return time.monotonic() - started

    assert asyncio.run(scenario()) >= 1.0  # two rounds of two


def test_cancelling_the_awaiting_task_kills_its_worker() -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    slow = Limits(worker_wall_seconds=30.0, worker_memory_bytes=1 * GB, worker_cpu_seconds=30)

    async def scenario() -> float:
        task = asyncio.create_task(run_isolated_async(jobs.send_pid_then_sleep, (writer,), slow))
        while not reader.poll():
            await asyncio.sleep(0.01)
        cancelled_at = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - cancelled_at

    assert asyncio.run(scenario()) < 1.0
    assert not _alive(int(reader.recv_bytes()))


def test_workers_die_with_their_caller() -> None:
    caller_code = (
        "import multiprocessing, threading\n"
        "from geometry.limits import Limits\n"
        "from sandbox import run_isolated\n"
        "from tests.test_sandbox.isolation_targets import send_pid_then_sleep\n"
        "reader, writer = multiprocessing.Pipe(duplex=False)\n"
        "job = (send_pid_then_sleep, (writer,), Limits(worker_wall_seconds=60))\n"
        "threading.Thread(target=run_isolated, args=job, daemon=True).start()\n"
        "print(reader.recv_bytes().decode(), flush=True)\n"
        "threading.Event().wait()\n"
    )
    caller = subprocess.Popen(
        [sys.executable, "-c", caller_code], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert caller.stdout is not None
        worker = int(caller.stdout.readline())  # the worker has started once it is printed
        assert _alive(worker)
    finally:
        caller.send_signal(signal.SIGKILL)  # no finally blocks, no atexit: a hard crash
        caller.wait()
        if caller.stdout is not None:
            caller.stdout.close()
    deadline = time.monotonic() + 5
    while _alive(worker):
        assert time.monotonic() < deadline, "the worker outlived its caller"
        time.sleep(0.05)


def test_a_file_over_the_size_limit_is_refused_before_a_worker_starts() -> None:
    with pytest.raises(TooLarge, match="up to 1 MB"):
        analyze_isolated(b"x" * (1024**2 + 1), "part.stl", limits=Limits(max_file_bytes=1024**2))


def test_analyze_isolated_measures_a_real_file_in_a_worker(fixture_meshes: Path) -> None:
    data = (fixture_meshes / "20mm-xyz-cube.stl").read_bytes()
    limits = Limits(worker_wall_seconds=30.0)
    report = analyze_isolated(data, "20mm-xyz-cube.stl", limits=limits)
    assert report.faces > 0
    assert report.volume_mm3 > 0


def test_analyze_isolated_can_send_a_thumbnail_back(fixture_meshes: Path) -> None:
    data = (fixture_meshes / "20mm-xyz-cube.stl").read_bytes()
    limits = Limits(worker_wall_seconds=30.0)
    analysis = analyze_isolated(data, "20mm-xyz-cube.stl", limits=limits, thumbnail=True)
    assert analysis.thumbnail_png.startswith(b"\x89PNG")
    assert analysis.report.faces > 0
