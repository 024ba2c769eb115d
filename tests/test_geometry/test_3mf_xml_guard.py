"""The 3MF XML check reads every entry as its parser would: UTF-8 only, no DTD anywhere in it."""

from __future__ import annotations

import io
import secrets
import zipfile

import pytest

from geometry import DEFAULT_LIMITS, GeometryError
from geometry.analyze import analyze
from geometry.errors import CorruptFile
from geometry.formats.archive import check_zip
from geometry.formats.xml_guard import CHUNK_BYTES, ENTITIES, NOT_UTF8
from tests.conftest import FIXTURE_MESHES
from tests.test_geometry.files import export, zip_bytes
from tests.test_geometry.shapes import cube

MODEL = "3D/3dmodel.model"
DTD = b'<!DOCTYPE model [<!ENTITY e "x">]>'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def entries_of_a_real_3mf() -> dict[str, bytes]:
    """The entries of a 3MF trimesh writes for a cube."""
    with zipfile.ZipFile(io.BytesIO(export(cube(), "3mf"))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_model(model: bytes, **extra: bytes) -> bytes:
    """A real 3MF whose model entry is `model`, plus `extra` entries (name with / as __)."""
    entries = entries_of_a_real_3mf() | {MODEL: model}
    entries |= {name.replace("__", "/"): data for name, data in extra.items()}
    return zip_bytes(entries)


def model_body() -> bytes:
    """The real model's XML after its declaration: the `<model>` element."""
    model = entries_of_a_real_3mf()[MODEL]
    return model[model.index(b"?>") + 2 :] if model.startswith(b"<?xml") else model


def refusal(data: bytes) -> str:
    """The message `check_zip` refuses `data` with (it must refuse it)."""
    with pytest.raises(CorruptFile) as caught:
        check_zip(data, DEFAULT_LIMITS)
    return caught.value.message


def test_a_real_3mf_passes_and_still_loads() -> None:
    data = with_model(entries_of_a_real_3mf()[MODEL], Metadata__thumbnail_png=PNG)
    check_zip(data, DEFAULT_LIMITS)
    assert analyze(data, "cube.3mf").faces == 12


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE_MESHES.glob("*.[3][mM][fF]")))
def test_every_shared_3mf_fixture_passes_the_check_and_loads(name: str) -> None:
    data = (FIXTURE_MESHES / name).read_bytes()
    check_zip(data, DEFAULT_LIMITS)
    assert analyze(data, name).faces > 0


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_xml_in_utf16_or_utf32_is_refused_whatever_it_says(codec: str) -> None:
    text = f'<?xml version="1.0" encoding="{codec.upper()}"?>' + DTD.decode()
    data = with_model(text.encode(codec) + model_body().decode().encode(codec))
    assert refusal(data) == NOT_UTF8
    with pytest.raises(GeometryError) as caught:
        analyze(data, "part.3mf")
    assert caught.value.code == "corrupt_file"


def test_a_doctype_after_a_comment_over_a_mebibyte_is_found() -> None:
    comment = b"<!--" + secrets.token_hex(600_000).encode() + b"-->"  # 1.2 MB, not compressible
    data = with_model(b'<?xml version="1.0" encoding="UTF-8"?>' + comment + DTD + model_body())
    assert refusal(data) == ENTITIES


@pytest.mark.parametrize("offset", range(1, 9))
def test_a_doctype_across_a_chunk_boundary_is_found(offset: int) -> None:
    head = b'<?xml version="1.0"?><!--'
    filler = b"x" * (CHUNK_BYTES - offset - len(head) - 3)
    data = with_model(head + filler + b"-->" + DTD + model_body())
    assert refusal(data) == ENTITIES


def test_an_encoding_declaration_other_than_utf8_is_refused() -> None:
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE model +AFs-+AF0-+AD4-'
    assert refusal(with_model(utf7 + model_body())) == NOT_UTF8
    latin = b"<?xml version='1.0' encoding='ISO-8859-1'?>"
    assert refusal(with_model(latin + model_body())) == NOT_UTF8
    late = b"\n <?xml version='1.0' encoding='UTF-16'?>"  # after spaces: misplaced, still refused
    assert refusal(with_model(late + model_body())) == NOT_UTF8


def test_ebcdic_and_invalid_utf8_are_refused() -> None:
    ebcdic = '<?xml version="1.0" encoding="IBM037"?><model/>'.encode("cp037")
    assert refusal(with_model(ebcdic)) == NOT_UTF8
    overlong_lt = b'<?xml version="1.0"?>\xc0\xbc!DOCTYPE model>'  # "<" as two bytes
    assert refusal(with_model(overlong_lt + model_body())) == NOT_UTF8
    assert refusal(with_model(model_body() + b"\x00")) == NOT_UTF8


def test_an_entry_with_any_name_is_checked() -> None:
    # The model can point the parser at any entry (a component's `path`), not only *.model.
    data = with_model(model_body(), **{"3D__parts.bin": b"<?xml version='1.0'?>" + DTD + b"<m/>"})
    assert refusal(data) == ENTITIES


def test_a_damaged_entry_is_corrupt_not_a_crash() -> None:
    data = bytearray(with_model(model_body()))
    start = data.index(b"3D/3dmodel.model") + len(b"3D/3dmodel.model")  # its local header's name
    data[start + 20 : start + 40] = bytes(20)  # compressed bytes zeroed: inflate or CRC fails
    with pytest.raises(CorruptFile):
        check_zip(bytes(data), DEFAULT_LIMITS)
