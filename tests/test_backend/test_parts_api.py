"""Parts over HTTP: upload, measure once, show the report, refuse bad uploads cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from backend.settings import Settings
from tests.test_backend.api import ALICE, BRACKET, REPO, Api, customer, error_code
from tests.test_backend.s3 import BOTH_STORES, S3Server, stored_keys

pytestmark = pytest.mark.anyio


async def test_an_upload_is_pending_then_ready_with_the_cli_report(api: Api) -> None:
    response = await api.upload()
    assert response.status_code == 202
    part = response.json()
    assert part["id"].startswith("prt_")
    assert part["status"] == "pending"
    assert part["report"] is None

    ready = await api.settled_part(part["id"])
    cli = subprocess.run(
        [sys.executable, "-m", "smallbatch", "analyze", str(REPO / "geometry/samples/bracket.stl"),
         "--json"],
        capture_output=True, check=True, cwd=REPO,
    )  # fmt: skip
    assert ready["status"] == "ready"
    assert ready["report"] == msgspec.json.decode(cli.stdout)
    assert ready["thumbnail_url"] == f"/api/v1/parts/{part['id']}/thumbnail.png"


@BOTH_STORES
async def test_the_thumbnail_is_a_png(api: Api) -> None:
    part = await api.ready_part()
    response = await api.client.get(part["thumbnail_url"], headers=customer())
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


@BOTH_STORES
async def test_a_file_is_stored_once_by_its_hash_and_measured_once_per_customer(
    api: Api, settings: Settings, request: pytest.FixtureRequest
) -> None:
    first = await api.ready_part(ALICE, name="../../etc/passwd.stl")
    again = (await api.upload(ALICE, name="other-name.stl")).json()
    assert again["status"] == "ready"  # her own cached analysis answers at once
    assert first["sha256"] == again["sha256"]
    assert first["filename"] == "passwd.stl"
    server: S3Server | None = request.getfixturevalue("s3_server") if settings.s3_bucket else None
    sha = first["sha256"]
    assert stored_keys(settings, "files", server) == [f"files/{sha[:2]}/{sha}"]
    assert api.sql("SELECT customer, sha256, units, declared FROM analyses") == [
        (ALICE, first["sha256"], "auto", "stl")
    ]


async def test_confirming_the_units_measures_the_part_again(api: Api) -> None:
    part = await api.ready_part()
    response = await api.client.patch(
        f"/api/v1/parts/{part['id']}", json={"units": "inch"}, headers=customer()
    )
    assert response.status_code == 202
    assert response.json()["units"] == "inch"
    inch = await api.settled_part(part["id"])
    assert inch["report"]["units"] == "inch"
    assert inch["report"]["bbox_mm"][0] == pytest.approx(part["report"]["bbox_mm"][0] * 25.4)


async def test_units_can_be_given_with_the_upload(api: Api) -> None:
    part = await api.ready_part(units="inch")
    assert part["units"] == "inch"
    assert part["report"]["units"] == "inch"


async def test_a_file_that_is_not_a_part_fails_with_the_geometry_code(api: Api) -> None:
    response = await api.upload(data=os.urandom(5000), name="noise.bin")
    part = await api.settled_part(response.json()["id"])
    assert part["status"] == "failed"
    assert part["error"]["code"] in {"unsupported_format", "corrupt_file"}
    assert part["error"]["message"]
    quote = await api.post_quote(part["id"])
    assert quote.status_code == 409
    assert error_code(quote) == "part_failed"


@pytest.mark.settings(max_upload_mb=1)
async def test_an_upload_over_the_limit_is_refused_while_streaming(
    api: Api, settings: Settings
) -> None:
    limit = settings.max_upload_bytes
    big = BRACKET * (limit // len(BRACKET) + 2)

    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.stl"\r\n\r\n'
        + big
        + b"\r\n--XyZ--\r\n"
    )
    response = await api.client.post(
        "/api/v1/parts",
        content=body,
        headers=customer()
        | {
            "Content-Type": "multipart/form-data; boundary=XyZ",
            "Content-Length": "1000",  # a lie: the limit must hold on the bytes themselves
        },
    )
    assert response.status_code == 413
    assert error_code(response) == "too_large"
    assert list((settings.data_path / "tmp").iterdir()) == []
    assert not any(p.is_file() for p in (settings.data_path / "files").rglob("*"))


@pytest.mark.settings(max_upload_mb=1)
async def test_an_announced_oversized_upload_is_refused_before_reading(
    api: Api, settings: Settings
) -> None:
    response = await api.client.post(
        "/api/v1/parts",
        content=b"x" * 10,
        headers=customer()
        | {
            "Content-Type": "multipart/form-data; boundary=XyZ",
            "Content-Length": str(settings.max_upload_bytes * 2),
        },
    )
    assert response.status_code == 413
    assert error_code(response) == "too_large"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"file": "bracket.stl"}'),
        ("multipart/form-data", b"--x\r\n"),  # no boundary
        ("multipart/form-data; boundary=XyZ", b"garbage without any boundary"),
        ("multipart/form-data; boundary=XyZ", b"--XyZ\r\nContent-Disposition: form-data; name="),
        (
            "multipart/form-data; boundary=XyZ",
            b'--XyZ\r\nContent-Disposition: form-data; name="units"\r\n\r\nmm\r\n--XyZ--\r\n',
        ),
        (
            "multipart/form-data; boundary=XyZ",
            b'--XyZ\r\nContent-Disposition: form-data; name="evil"; filename="a"\r\n\r\nx'
            b"\r\n--XyZ--\r\n",
        ),
        (
            "multipart/form-data; boundary=XyZ",
            b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.stl"\r\n\r\n'
            b"\r\n--XyZ--\r\n",
        ),
        (
            "multipart/form-data; boundary=XyZ",
            b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.stl"\r\n\r\nsolid'
            b'\r\n--XyZ\r\nContent-Disposition: form-data; name="units"\r\n\r\nfurlong'
            b"\r\n--XyZ--\r\n",
        ),
    ],
    ids=["json", "no-boundary", "garbage", "truncated", "no-file", "unknown-field", "empty-file",
         "bad-units"],
)  # fmt: skip
async def test_a_hostile_form_is_a_clean_400_and_leaves_nothing(
    api: Api, settings: Settings, content_type: str, body: bytes
) -> None:
    response = await api.client.post(
        "/api/v1/parts", content=body, headers=customer() | {"Content-Type": content_type}
    )
    assert response.status_code == 400, response.text
    # An empty file has its own code (a kind of invalid request) so the chat can name it.
    empty = b'filename="a.stl"\r\n\r\n\r\n' in body
    assert error_code(response) == ("empty_file" if empty else "invalid_request")
    assert list((settings.data_path / "tmp").iterdir()) == []


async def test_bad_units_in_the_query_or_patch_are_400(api: Api) -> None:
    response = await api.client.post(
        "/api/v1/parts?units=cubit", files={"file": ("a.stl", BRACKET)}, headers=customer()
    )
    assert response.status_code == 400
    part = await api.ready_part()
    patch = await api.client.patch(
        f"/api/v1/parts/{part['id']}", json={"units": "cubit"}, headers=customer()
    )
    assert patch.status_code == 400
    assert error_code(patch) == "invalid_request"


async def test_an_unknown_part_is_404(api: Api) -> None:
    for path in ("/api/v1/parts/prt_nope", "/api/v1/parts/prt_nope/thumbnail.png"):
        response = await api.client.get(path, headers=customer())
        assert response.status_code == 404
        assert error_code(response) == "not_found"


def test_the_client_file_name_never_becomes_a_path(tmp_path: Path) -> None:
    from backend.parts.upload import safe_filename

    assert safe_filename("../../x/../evil.stl") == "evil.stl"
    assert safe_filename("C:\\Users\\me\\part.step") == "part.step"
    assert safe_filename("..") == "upload"
    assert safe_filename("\x00\x1b.stl") == "stl"
    assert safe_filename(None) == "upload"
