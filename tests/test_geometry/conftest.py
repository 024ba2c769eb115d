"""Reference parts built once per test run by an independent CAD kernel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cad.truth import AssemblyTruth, HoleTruth, PartTruth, ReachTruth
from tests.conftest import REPO


def built_by_ocp(module: str, out: Path) -> None:
    """Run `python -m tests.cad.<module> out`.

    OCP runs in its own process: it must not share one with cascadio's OpenCASCADE.
    """
    subprocess.run(
        [sys.executable, "-m", f"tests.cad.{module}", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def cad_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, PartTruth]]:
    """(folder, truth): STEP and STL files of analytic parts and their true numbers."""
    out = tmp_path_factory.mktemp("cad_parts")
    built_by_ocp("build_parts", out)
    return out, json.loads((out / "parts.json").read_text())


@pytest.fixture(scope="session")
def reach_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ReachTruth]]:
    """(folder, truth): machining parts as STEP and as STL in several meshings."""
    out = tmp_path_factory.mktemp("reach_parts")
    built_by_ocp("reach_parts", out)
    return out, json.loads((out / "reach.json").read_text())


@pytest.fixture(scope="session")
def hole_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[HoleTruth]]]:
    """(folder, truth): drilled parts as STEP and three STL meshings, and their holes."""
    out = tmp_path_factory.mktemp("hole_parts")
    built_by_ocp("hole_parts", out)
    return out, json.loads((out / "holes.json").read_text())


@pytest.fixture(scope="session")
def cad_assemblies(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, AssemblyTruth]]:
    """(folder, truth): STEP and STL files of multi-solid assemblies and their true numbers."""
    out = tmp_path_factory.mktemp("cad_assemblies")
    built_by_ocp("build_assemblies", out)
    return out, json.loads((out / "assemblies.json").read_text())
