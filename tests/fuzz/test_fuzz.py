"""The loaders under coverage-guided fuzzing: no crash, no hang, no memory blow-up.

Every input must give a result or a typed `GeometryError`. A bounded atheris run is part
of every test run (`make fuzz` runs longer), and every finding ever fixed is replayed
from `tests/fuzz/regressions/<target>/`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from geometry.analyze import load_part
from geometry.errors import CorruptFile, GeometryError
from tests.conftest import REPO
from tests.fuzz.harness import keep, refusals_pass, target_names
from tests.fuzz.replay import Outcome, outcome
from tests.fuzz.targets import SLOW, TARGETS

REGRESSIONS = Path(__file__).parent / "regressions"
#: Seconds of fuzzing in every test run (`make fuzz` runs FUZZ_SECONDS, 600 by default).
FUZZ_TEST_SECONDS = 12
#: What each saved finding gives now that it is fixed: a GeometryError code, or "ok".
EXPECTED = {
    # A 3MF whose entry fails its CRC: zipfile's BadZipFile escaped the archive check.
    "3mf/360fb0e6fe57db64": "corrupt_file",
    # A 3MF whose central directory points before the file: zipfile's ValueError escaped.
    "3mf/7f187ebe28e145df": "corrupt_file",
    # A 3MF entry compressed with LZMA under options lzma refuses: LZMAError escaped.
    "3mf/ddfa8eee2fe4d046": "corrupt_file",
    # A 3MF whose zip64 entry offset exceeds any file position: OverflowError escaped.
    "3mf/a2a27e3c369295c0": "corrupt_file",
    # An open cube with one corner 1e7 mm away: the crack tolerance (a share of the size)
    # welded every open corner into one and left no face, and bounds() of nothing raised.
    "stl/e156264af06348d4": "ok",
}


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_every_saved_finding_is_listed_with_what_it_gives_now() -> None:
    saved = {f"{p.parent.name}/{p.name}" for p in REGRESSIONS.glob("*/*")}
    assert saved == set(EXPECTED)
    assert {p.parent.name for p in REGRESSIONS.glob("*/*")} <= set(TARGETS)


@pytest.mark.parametrize("finding", sorted(EXPECTED))
def test_a_saved_finding_gives_a_result_or_its_typed_error(finding: str) -> None:
    path = REGRESSIONS / finding
    found = outcome(str(path), TARGETS[path.parent.name].run, path.read_bytes(), seconds=120)
    assert found.result in {"ok", "geometry_error"}, found.detail
    assert (found.code or "ok") == EXPECTED[finding]


def test_the_saved_findings_replay_within_time_and_memory_bounds() -> None:
    replay = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.replay", str(REGRESSIONS), "--memory-mb", "3072"],
        cwd=REPO, env=_environment(), capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    assert replay.returncode == 0, replay.stderr.decode()[-3000:]
    outcomes = [msgspec.json.decode(line, type=Outcome) for line in replay.stdout.splitlines()]
    assert len(outcomes) == len(EXPECTED)
    for found in outcomes:
        assert found.result in {"ok", "geometry_error"}, (found.path, found.result, found.detail)
        assert found.peak_rss_mb < 2048


def test_a_bounded_fuzzing_run_finds_no_crash_hang_or_memory_blow_up(tmp_path: Path) -> None:
    started = time.monotonic()
    run = subprocess.run(
        [
            sys.executable, "-m", "tests.fuzz.harness", "--target", "all",
            "--corpus", str(tmp_path / "corpus"), f"-max_total_time={FUZZ_TEST_SECONDS}",
            f"-artifact_prefix={tmp_path}/",
        ],
        cwd=REPO, env=_environment(), capture_output=True, timeout=FUZZ_TEST_SECONDS + 300,
        check=False,
    )  # fmt: skip
    log = run.stderr.decode(errors="replace")
    findings = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert run.returncode == 0 and not findings, (
        f"{findings}: keep each with `python -m tests.fuzz.harness --keep FILE`, fix it, "
        f"and list it in EXPECTED\n{log[-4000:]}"
    )
    assert "Done" in log and "INITED" in log  # it really fuzzed, and stopped on time
    assert time.monotonic() - started < FUZZ_TEST_SECONDS + 240


@pytest.mark.parametrize("name", [n for n in TARGETS if n not in {"detect", "step", *SLOW}])
def test_each_loader_seed_is_a_valid_closed_cube(name: str) -> None:
    for seed in TARGETS[name].seeds():
        part = load_part(seed, f"part.{name}")
        assert part.format == name
        assert len(part.solid.faces) == 12
        assert part.solid.watertight


def test_the_harness_passes_a_typed_refusal_and_lets_any_other_exception_out() -> None:
    def refuse(data: bytes) -> None:
        raise CorruptFile("damaged")

    def crash(data: bytes) -> None:
        raise KeyError(data)

    refusals_pass(refuse)(b"x")
    with pytest.raises(KeyError):
        refusals_pass(crash)(b"x")


def test_the_replay_calls_an_untyped_exception_a_crash_and_a_slow_input_a_timeout() -> None:
    def crash(data: bytes) -> None:
        raise IndexError("index 3 is out of bounds")

    def hang(data: bytes) -> None:
        time.sleep(30)

    def refuse(data: bytes) -> None:
        raise GeometryError("no")

    assert outcome("a", crash, b"", seconds=5).result == "crash"
    assert outcome("a", crash, b"", seconds=5).code == "IndexError"
    assert outcome("b", hang, b"", seconds=1).result == "timeout"
    assert outcome("c", refuse, b"", seconds=5).code == "geometry_error"


def test_the_whole_analysis_target_measures_its_seed() -> None:
    for seed in TARGETS["measure"].seeds():
        TARGETS["measure"].run(seed)  # a report, no exception


def test_a_finding_of_the_all_target_is_kept_under_its_format_without_the_picking_byte(
    tmp_path: Path,
) -> None:
    artifact = tmp_path / "crash-1"
    artifact.write_bytes(bytes([target_names().index("ply")]) + b"ply\nformat ascii 1.0\n")
    kept = keep(artifact, "all", tmp_path / "regressions")
    assert kept.parent.name == "ply"
    assert kept.read_bytes() == b"ply\nformat ascii 1.0\n"
