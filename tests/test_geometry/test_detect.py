"""The format is read from the content; the name only cross-checks it."""

from __future__ import annotations

import pytest

from geometry.detect import detect_format, extension_format, sniff
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
