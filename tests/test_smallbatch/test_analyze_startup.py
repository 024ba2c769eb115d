"""`smallbatch analyze` starts no slower than it must: no web stack, no second interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: Run `smallbatch analyze` in this interpreter, then list what the command itself loaded.
ANALYZE_THEN_LIST = """
import json, multiprocessing.forkserver, sys
from smallbatch.cli import main
status = main(["analyze", sys.argv[1], "--json"])
print(json.dumps({
    "status": status,
    "modules": sorted({name.split(".")[0] for name in sys.modules}),
    "forkserver": multiprocessing.forkserver._forkserver._forkserver_pid,
}))
"""


def test_analyze_loads_no_web_stack_and_starts_no_forkserver(fixture_meshes: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", ANALYZE_THEN_LIST, str(fixture_meshes / "20mm-xyz-cube.stl")],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    *report, listing = done.stdout.strip().splitlines()
    state = json.loads(listing)
    assert state["status"] == 0
    assert json.loads(report[-1])["faces"] > 0  # the worker measured the part
    heavy = {"litestar", "aiogram", "aiosqlite", "asyncio", "pricing", "trimesh", "scipy"}
    assert heavy & set(state["modules"]) == set()  # the engine loads in the worker only
    assert state["forkserver"] is None  # the worker was forked from the command


def test_loading_the_analysis_module_leaves_trimesh_and_scipy_to_a_spare_thread() -> None:
    # geometry.analyze imports them on a pool thread while the part is read and welded;
    # a module on the load path importing them at the top would serialise that again.
    code = "import sys, geometry.analyze; print(' '.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in done.stdout.split()}
    assert {"trimesh", "scipy", "igl", "embreex"} & loaded == set()
