"""Reference parts built once per test run by an independent CAD kernel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cad.truth import AssemblyTruth, PartTruth
from tests.conftest import REPO


@pytest.fixture(scope="session")
def cad_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, PartTruth]]:
    """(folder, truth): STEP and STL files of analytic parts and their true numbers."""
    out = tmp_path_factory.mktemp("cad_parts")
    # OCP runs in its own process: it must not share one with cascadio's OpenCASCADE.
    subprocess.run(
        [sys.executable, "-m", "tests.cad.build_parts", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out, json.loads((out / "parts.json").read_text())


@pytest.fixture(scope="session")
def cad_assemblies(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, AssemblyTruth]]:
    """(folder, truth): STEP and STL files of multi-solid assemblies and their true numbers."""
    out = tmp_path_factory.mktemp("cad_assemblies")
    subprocess.run(
        [sys.executable, "-m", "tests.cad.build_assemblies", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out, json.loads((out / "assemblies.json").read_text())
