"""What a fresh interpreter has loaded after importing one module (for lazy-import checks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def loaded_after_import(module: str) -> set[str]:
    """The top-level names in `sys.modules` once a new interpreter has imported `module`."""
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return {name.split(".")[0] for name in json.loads(out.stdout)}
