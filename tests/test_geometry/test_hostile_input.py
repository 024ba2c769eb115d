"""Broken and hostile files get a typed error with a stable code, never a crash or a lie."""

from __future__ import annotations

import os
import struct

import numpy as np
import pytest
import trimesh

from geometry import GeometryError, Limits
from geometry.analyze import analyze
from tests.test_geometry.files import ascii_stl, binary_stl, export, zip_bytes
from tests.test_geometry.shapes import cube

THREE_MF_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="model" ContentType="application/'
    b'vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>'
)


def error_code(data: bytes, name: str, limits: Limits | None = None) -> str:
    with pytest.raises(GeometryError) as caught:
        analyze(data, name, limits=limits or Limits())
    assert caught.value.message and "Traceback" not in caught.value.message
    return caught.value.code


def test_an_empty_file_is_an_empty_mesh() -> None:
    assert error_code(b"", "part.stl") == "empty_mesh"


def test_whitespace_only_is_an_empty_mesh() -> None:
    assert error_code(b"   \n\n", "part.obj") == "empty_mesh"


def test_random_bytes_without_a_cad_name_are_unsupported() -> None:
    assert error_code(os.urandom(5000), "upload.bin") == "unsupported_format"


def test_random_bytes_named_stl_are_corrupt_not_a_part() -> None:
    data = os.urandom(84 + 50 * 40 + 7)
    assert error_code(data, "part.stl") == "corrupt_file"


def test_random_whole_records_named_stl_are_refused() -> None:
    rng = np.random.default_rng(1)
    data = b"\0" * 80 + struct.pack("<I", 999) + rng.bytes(50 * 200)
    assert error_code(data, "part.stl") in {"corrupt_file", "not_solid"}


def test_a_pdf_named_stl_is_unsupported() -> None:
    assert error_code(b"%PDF-1.7\n" + b"x" * 30, "part.stl") == "unsupported_format"


def test_a_ply_named_stl_is_a_mismatch_not_a_guess() -> None:
    data = export(cube(), "ply")
    code = error_code(data, "part.stl")
    assert code == "unsupported_format"


def test_an_stl_named_step_is_a_mismatch() -> None:
    assert error_code(binary_stl(cube()), "part.step") == "unsupported_format"


def test_a_truncated_binary_stl_is_corrupt() -> None:
    data = binary_stl(cube())
    assert error_code(data[:-20], "part.stl") == "corrupt_file"


def test_a_binary_stl_whose_count_lies_is_read_with_a_warning() -> None:
    mesh = cube(20.0)
    report = analyze(binary_stl(mesh, declared=5), "part.stl")
    assert report.faces == 12
    assert report.volume_mm3 == pytest.approx(8000.0)
    assert "stl_count_mismatch" in {w.code for w in report.warnings}


def test_a_binary_stl_header_starting_with_solid_is_still_binary() -> None:
    data = b"solid exported-by-a-cad-tool".ljust(80, b" ") + binary_stl(cube(10.0))[80:]
    report = analyze(data, "part.stl")
    assert report.volume_mm3 == pytest.approx(1000.0)


def test_nan_coordinates_are_corrupt() -> None:
    mesh = cube()
    vertices = np.array(mesh.vertices)
    vertices[0, 0] = np.nan
    broken = trimesh.Trimesh(vertices, mesh.faces, process=False)
    assert error_code(binary_stl(broken), "part.stl") == "corrupt_file"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (np.inf, "not numbers"),
        (-np.inf, "not numbers"),
        (2e9, "absurdly large"),
        (-2e9, "absurdly large"),
    ],
)
def test_a_binary_stl_coordinate_out_of_range_anywhere_is_corrupt(value: float, words: str) -> None:
    # The checks run on the file's float32 numbers; either sign, any corner, any axis.
    mesh = cube()
    for corner, axis in ((0, 0), (5, 2)):
        vertices = np.array(mesh.vertices)
        vertices[corner, axis] = value
        broken = trimesh.Trimesh(vertices, mesh.faces, process=False)
        with pytest.raises(GeometryError) as caught:
            analyze(binary_stl(broken), "part.stl")
        assert caught.value.code == "corrupt_file" and words in caught.value.message


def test_infinite_coordinates_in_ascii_stl_are_corrupt() -> None:
    text = ascii_stl(cube()).replace(b"vertex 0 0 0", b"vertex inf 0 0", 1)
    assert error_code(text, "part.stl") == "corrupt_file"


def test_an_obj_face_pointing_past_its_vertices_is_corrupt() -> None:
    obj = b"v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 2 4\nf 1 3 4\nf 2 3 99\n"
    assert error_code(obj, "part.obj") in {"corrupt_file", "not_solid"}


def test_a_flat_mesh_is_not_solid() -> None:
    square = trimesh.Trimesh(
        [[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0]], [[0, 1, 2], [0, 2, 3]]
    )
    assert error_code(binary_stl(square), "part.stl") == "not_solid"


def test_a_closed_mesh_of_zero_volume_is_not_solid() -> None:
    # Two triangles back to back: closed, but no thickness between them.
    flat = trimesh.Trimesh(
        [[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 0.0]],
        [[0, 1, 2], [0, 2, 1]],
    )
    assert error_code(binary_stl(flat), "part.stl") == "not_solid"


def test_a_mesh_collapsed_to_a_point_is_not_solid() -> None:
    point = trimesh.Trimesh([[1, 1, 1]] * 3, [[0, 1, 2]], process=False)
    assert error_code(binary_stl(point), "part.stl") == "not_solid"


def test_text_that_only_pretends_to_be_step_is_corrupt() -> None:
    fake = (
        b"ISO-10303-21;\nHEADER;\nFILE_NAME('x');\nENDSEC;\n"
        b"DATA;\n#1=FOO();\nENDSEC;\nEND-ISO-10303-21;\n"
    )
    assert error_code(fake, "part.step") == "corrupt_file"


def test_step_header_over_garbage_is_corrupt() -> None:
    fake = (
        b"ISO-10303-21;\nDATA;\n#1=ADVANCED_FACE("
        + os.urandom(2000).replace(b";", b":")
        + b";\nENDSEC;"
    )
    assert error_code(fake, "part.stp") == "corrupt_file"


def test_a_zip_bomb_3mf_is_refused_before_extracting() -> None:
    bomb = zip_bytes(
        {"[Content_Types].xml": THREE_MF_TYPES, "3D/3dmodel.model": b"\0" * 50_000_000}
    )
    assert len(bomb) < 200_000
    assert error_code(bomb, "part.3mf") == "too_large"


def test_a_3mf_with_too_many_entries_is_refused() -> None:
    entries = {f"junk/{i}.bin": b"x" for i in range(100)}
    assert error_code(zip_bytes(entries), "part.3mf") == "too_large"


def test_an_xml_entity_bomb_in_3mf_is_refused() -> None:
    model = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">'
        b"<metadata>&lol2;</metadata></model>"
    )
    bomb = zip_bytes({"[Content_Types].xml": THREE_MF_TYPES, "3D/3dmodel.model": model})
    assert error_code(bomb, "part.3mf") == "corrupt_file"


def test_a_broken_zip_named_3mf_is_corrupt() -> None:
    data = zip_bytes({"3D/3dmodel.model": b"<model/>"})
    assert error_code(data[:40], "part.3mf") == "corrupt_file"


def test_a_3mf_without_a_model_is_corrupt_or_empty() -> None:
    data = zip_bytes({"[Content_Types].xml": THREE_MF_TYPES, "notes.txt": b"hello"})
    assert error_code(data, "part.3mf") in {"corrupt_file", "empty_mesh"}


def test_a_gltf_pointing_at_a_local_file_is_refused() -> None:
    gltf = (
        b'{"asset": {"version": "2.0"}, "buffers": [{"uri": "/etc/passwd", "byteLength": 100}],'
        b'"meshes": [], "scenes": [{"nodes": []}], "scene": 0}'
    )
    assert error_code(gltf, "part.gltf") in {"corrupt_file", "empty_mesh"}


def test_a_file_over_the_size_limit_is_too_large() -> None:
    data = binary_stl(cube())
    assert error_code(data, "part.stl", Limits(max_file_bytes=100)) == "too_large"


def test_a_mesh_over_the_face_limit_is_too_large() -> None:
    data = binary_stl(trimesh.creation.icosphere(subdivisions=3))
    assert error_code(data, "part.stl", Limits(max_faces=100)) == "too_large"


def test_every_error_has_a_customer_message_and_a_stable_code() -> None:
    with pytest.raises(GeometryError) as caught:
        analyze(b"", "x.stl")
    assert caught.value.as_dict() == {"code": "empty_mesh", "message": caught.value.message}
