"""The format is read from the content; the name only cross-checks it."""

from __future__ import annotations

import pytest
import trimesh

from geometry.detect import (
    EXTENSIONS,
    declared_format,
    detect_format,
    extension_format,
    name_declaring,
    sniff,
)
from geometry.errors import GeometryError
from tests.test_geometry.files import ascii_stl, binary_stl, export
from tests.test_geometry.shapes import cube


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (binary_stl(cube()), "stl"),
        (ascii_stl(cube()), "stl"),
        (export(cube(), "obj"), "obj"),
        (export(cube(), "ply"), "ply"),
        (export(cube(), "glb"), "glb"),
        (export(cube(), "3mf"), "3mf"),
        (b"ISO-10303-21;\nHEADER;", "step"),
        (b"\xef\xbb\xbf  ISO-10303-21 ;", "step"),
    ],
)
def test_content_names_its_format(data: bytes, expected: str) -> None:
    assert sniff(data) == expected


def test_a_file_without_an_extension_is_read_by_its_content() -> None:
    assert detect_format(binary_stl(cube()), "telegram_document") == "stl"


def test_extensions_are_case_insensitive_and_stp_is_step() -> None:
    assert extension_format("PART.STP") == "step"
    assert extension_format("a.b.3MF") == "3mf"
    assert extension_format("noext") is None


def test_gltf_name_with_glb_content_is_one_family() -> None:
    assert detect_format(export(cube(), "glb"), "part.gltf") == "glb"


def _outcome(data: bytes, filename: str) -> str:
    """The format detected, or the error's code and sentence."""
    try:
        return detect_format(data, filename)
    except GeometryError as error:
        return f"{error.code}: {error.message}"


_NAMES = [
    *(f"part.{ext}" for ext in EXTENSIONS),
    *(f"Other Name.{ext.upper()}" for ext in EXTENSIONS),
    "noext", "a.b", "part.stl.zip", "telegram_document", ".stl",
]  # fmt: skip


@pytest.mark.parametrize("name", _NAMES)
def test_a_name_adds_nothing_but_its_declared_format(name: str) -> None:
    # A cache keyed by the declared format is only right if the name itself adds nothing more:
    # every content reads the same under the name and under a neutral one declaring as much.
    mesh = trimesh.creation.box()
    contents = [
        binary_stl(mesh), binary_stl(mesh, declared=3), ascii_stl(mesh),
        export(mesh, "obj"), export(mesh, "ply"), export(mesh, "glb"), export(mesh, "3mf"),
        b"ISO-10303-21;\nHEADER;", b"\x00" * 200, b"not a model at all",
    ]  # fmt: skip
    neutral = name_declaring(declared_format(name))
    assert declared_format(neutral) == declared_format(name)
    for data in contents:
        assert _outcome(data, name) == _outcome(data, neutral)
