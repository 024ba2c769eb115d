"""Reference parts built once per test run by an independent CAD kernel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cad.truth import HoleTruth, PartTruth
from tests.conftest import REPO


@pytest.fixture(scope="session")
def cad_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, PartTruth]]:
    """(folder, truth): STEP and STL files of analytic parts and their true numbers."""
    out = built_by("tests.cad.build_parts", tmp_path_factory.mktemp("cad_parts"))
    return out, json.loads((out / "parts.json").read_text())


@pytest.fixture(scope="session")
def hole_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[HoleTruth]]]:
    """(folder, truth): drilled parts as STEP and three STL meshings, and their holes."""
    out = built_by("tests.cad.hole_parts", tmp_path_factory.mktemp("hole_parts"))
    return out, json.loads((out / "holes.json").read_text())


def built_by(module: str, out: Path) -> Path:
    """Run a part-building module into `out`, in its own process.

    OCP must not share a process with cascadio's OpenCASCADE.
    """
    subprocess.run(
        [sys.executable, "-m", module, str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out
