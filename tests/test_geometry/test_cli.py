"""`smallbatch analyze` as other tools call it: a real process, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from PIL import Image

from tests.conftest import FIXTURE_MESHES, REPO

REQUIRED_KEYS = {
    "format",
    "units",
    "units_suspect",
    "faces",
    "bodies",
    "voids",
    "void_volume_mm3",
    "watertight",
    "volume_mm3",
    "area_mm2",
    "bbox_mm",
    "min_wall_mm",
    "overhang_area_mm2",
    "support_volume_mm3",
    "warnings",
}


def smallbatch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smallbatch", *args],
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_json_object(stdout: str) -> dict[str, Any]:
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert len(lines) == 1, stdout
    parsed: dict[str, Any] = json.loads(lines[0])
    return parsed


def test_analyze_json_prints_exactly_one_object_with_the_contract_keys() -> None:
    done = smallbatch("analyze", str(FIXTURE_MESHES / "20mm-xyz-cube.stl"), "--json")
    assert done.returncode == 0, done.stderr
    report = one_json_object(done.stdout)
    assert report.keys() >= REQUIRED_KEYS
    assert report["bbox_mm"] == [20.0, 20.0, 20.0]
    assert report["format"] == "stl" and report["units"] == "mm"
    assert all({"code", "message"} == set(w) for w in report["warnings"])


def test_analyze_units_flag_resolves_an_inch_part() -> None:
    path = FIXTURE_MESHES / "featuretype.STL"
    done = smallbatch("analyze", str(path), "--units", "inch", "--json")
    report = one_json_object(done.stdout)
    assert report["units"] == "inch" and report["units_suspect"] is None
    assert report["bbox_mm"][0] == 127.0


def test_analyze_bad_file_exits_2_with_a_json_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.stl"
    broken.write_bytes(b"this is not a mesh at all" * 10)
    done = smallbatch("analyze", str(broken), "--json")
    assert done.returncode == 2
    error = one_json_object(done.stdout)["error"]
    assert error["code"] in {"corrupt_file", "unsupported_format"}
    assert error["message"]
    assert "Traceback" not in done.stderr


def test_analyze_missing_file_exits_2_with_a_readable_line() -> None:
    done = smallbatch("analyze", "/nonexistent/part.stl")
    assert done.returncode == 2
    assert "file_not_found" in done.stderr and "Traceback" not in done.stderr


def test_analyze_summary_and_thumbnail(tmp_path: Path) -> None:
    out = tmp_path / "preview.png"
    sample = REPO / "geometry/samples/bracket.stl"
    done = smallbatch("analyze", str(sample), "--thumbnail", str(out))
    assert done.returncode == 0, done.stderr
    assert "60.00 x 30.00 x 40.00 mm" in done.stdout
    with Image.open(out) as image:
        assert image.format == "PNG" and max(image.size) == 512
