"""`warm_up` returns with the engine loaded, and a forkserver's start is never a job's time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import msgspec

from tests.conftest import REPO
from tests.test_sandbox.slow_start import FIRST_JOB_WALL_SECONDS, Seen

#: How long the stand-in engine takes to load in the forkserver: twice the first job's limit.
ENGINE_SECONDS = 2 * FIRST_JOB_WALL_SECONDS


def _start(mode: str, tmp_path: Path) -> Seen:
    """Run a fresh caller (so its forkserver starts cold) and read what it saw."""
    env = {
        **os.environ,
        "SLOW_ENGINE_SECONDS": str(ENGINE_SECONDS),
        "SLOW_ENGINE_MARKER": str(tmp_path / "engine-loaded"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.test_sandbox.slow_start", mode],
        cwd=REPO,
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return msgspec.json.decode(done.stdout.splitlines()[-1], type=Seen)


def test_warm_up_returns_only_once_the_forkserver_has_loaded_the_engine(tmp_path: Path) -> None:
    seen = _start("warm", tmp_path)
    # Not timing but order: the engine's marker is written at the end of its import.
    assert seen.engine_loaded_before_first_job
    # So the first job, with a limit shorter than the engine's load, had nothing to wait for.
    assert seen.first_job == "ok"
    assert seen.first_job_seconds < ENGINE_SECONDS


def test_a_cold_forkservers_start_is_not_charged_to_the_first_jobs_wall_clock(
    tmp_path: Path,
) -> None:
    seen = _start("cold", tmp_path)
    assert not seen.engine_loaded_before_first_job  # the job really met a cold forkserver
    assert seen.first_job == "ok"  # its own 1.5 s were not spent waiting for the engine
    assert seen.first_job_seconds >= ENGINE_SECONDS  # the caller did wait, outside the limit
