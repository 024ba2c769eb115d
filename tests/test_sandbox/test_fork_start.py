"""A one-shot caller's worker is forked from the caller itself, and contained just the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_worker_forked_from_the_caller_returns_raises_and_crashes_like_any_other() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.test_sandbox.fork_jobs"],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    outcome = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    label, size, pid = outcome["echo"].split()
    assert (label, size) == ("hello", "1000")
    assert pid != outcome["caller"]  # the job ran in a worker, not in the caller
    assert outcome["corrupt"] == "CorruptFile corrupt_file"
    assert outcome["segfault"].startswith("AnalysisCrashed")
    assert outcome["memory"].startswith("AnalysisCrashed")
    assert outcome["hang"].startswith("AnalysisTimeout")
    assert outcome["network"] != "done"  # the same sandbox as a forkserver's worker
    # All but the user switch, which needs a Python other users can read (the README).
    assert outcome["not-held"] in {"-", "user"}
    assert outcome["forkserver"] == "None"  # no second interpreter was started
