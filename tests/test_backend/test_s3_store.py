"""Files on S3 (moto's server): written once, presigned downloads, start-up and readiness."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.parts.storage import FileStore
from backend.quotes.charts import chart_folder
from backend.settings import Settings, SettingsError, settings_from_env
from backend.storage.blobs import StorageUnavailable
from backend.storage.choose import open_store
from backend.storage.s3 import S3Blobs
from tests import pdfs
from tests.test_backend.api import REPO, Api, customer
from tests.test_backend.s3 import AWS_ENV, BOTH_STORES, S3Server
from tests.test_backend.server import free_port
from tests.test_backend.test_drawings_api import attach
from tests.test_console.test_accounts import signed_in, with_passwords

pytestmark = pytest.mark.anyio
ON_S3 = pytest.mark.parametrize("store", ["s3"], indirect=True)


def test_a_file_written_once_is_not_rewritten_and_its_temp_file_is_gone(
    s3_server: S3Server, tmp_path: Path
) -> None:
    bucket = s3_server.new_bucket()
    store = FileStore(tmp_path, S3Blobs(s3_server.endpoint, bucket))
    sha = "ab" + "0" * 62
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(b"the first bytes")
    second.write_bytes(b"other bytes claiming the same hash")

    assert store.keep(first, sha) is True
    assert store.keep(second, sha) is False  # the bucket refused to replace it
    assert store.read(sha) == b"the first bytes"
    assert not first.exists() and not second.exists()
    assert store.write_photo(sha, b"photo") is True
    assert store.write_photo(sha, b"another photo") is False
    assert store.read_photo(sha) == b"photo"
    with pytest.raises(FileNotFoundError):
        store.read_thumbnail(sha, "mm")


def test_charts_of_old_card_versions_are_dropped_from_the_bucket(
    s3_server: S3Server, tmp_path: Path
) -> None:
    store = FileStore(tmp_path, S3Blobs(s3_server.endpoint, s3_server.new_bucket()))
    for version in ("v1", "v2", "v3"):
        store.write_chart(version, "a.png", b"png " + version.encode())
        store.write_chart(version, "b.png", b"png")
    assert store.drop_charts(keep="v2") == 2
    assert store.read_chart("v2", "a.png") == b"png v2"
    with pytest.raises(FileNotFoundError):
        store.read_chart("v1", "a.png")
    assert store.drop_charts() == 1


@ON_S3
async def test_a_replica_starting_on_a_shared_bucket_keeps_the_active_cards_charts(
    api: Api,
) -> None:
    active = chart_folder(api.app.state.services.cards.active.version)
    shared = open_store(api.settings)  # what the running replica draws into
    shared.write_chart(active, "drawn.png", b"png drawn by the running replica")
    shared.write_chart(chart_folder("stale0000000"), "old.png", b"png of a replaced card")
    # The active card's charts as an older release drew them (another style): redrawn.
    shared.write_chart(active.replace(".style", ".old"), "old.png", b"png of an old style")

    async with AsyncTestClient(create_app(api.settings), timeout=60) as replica:
        assert (await replica.get("/ready")).status_code == 200

    assert shared.read_chart(active, "drawn.png") == b"png drawn by the running replica"
    for stale in (chart_folder("stale0000000"), active.replace(".style", ".old")):
        with pytest.raises(FileNotFoundError):
            shared.read_chart(stale, "old.png")


@pytest.mark.settings(console_secure_cookies=False)
@BOTH_STORES
async def test_the_console_sends_a_drawing_by_a_presigned_link_on_s3_and_serves_it_locally(
    api: Api, settings: Settings
) -> None:
    part = await api.ready_part()
    data = pdfs.coloured_pdf(pdfs.RED)
    drawing = (await attach(api, part["id"], data, "чертёж 1.pdf")).json()
    await with_passwords(api)
    browser = await signed_in(api, "alice")
    answer = await browser.request("GET", f"/console/files{drawing['pdf_url'][len('/api/v1') :]}")
    if not settings.s3_bucket:
        assert answer.status_code == 200 and answer.content == data  # served as before
        return
    assert answer.status_code == 302
    link = answer.headers["location"]
    assert link.startswith(f"{settings.s3_endpoint}/{settings.s3_bucket}/files/")
    # Plain HTTP, no credentials: the link alone opens the file, named and typed.
    with urllib.request.urlopen(link, timeout=30) as direct:
        assert direct.read() == data
        assert direct.headers["Content-Type"] == "application/pdf"
        assert "%D1%87%D0%B5%D1%80" in direct.headers["Content-Disposition"]
    # The customer's API still answers with the bytes (the bot downloads them).
    pdf = await api.client.get(drawing["pdf_url"], headers=customer())
    assert pdf.status_code == 200 and pdf.content == data


@ON_S3
async def test_ready_is_503_while_the_bucket_is_gone_and_200_when_it_is_back(
    s3_server: S3Server, api: Api
) -> None:
    bucket = api.settings.s3_bucket
    assert (await api.client.get("/ready")).json()["storage"] is True
    s3_server.client.delete_bucket(Bucket=bucket)
    gone = await api.client.get("/ready")
    assert gone.status_code == 503
    assert gone.json()["storage"] is False and gone.json()["database"] is True
    s3_server.client.create_bucket(Bucket=bucket)
    assert (await api.client.get("/ready")).status_code == 200


def test_a_missing_bucket_or_a_silent_endpoint_is_named_at_start(
    s3_server: S3Server, tmp_path: Path
) -> None:
    missing = Settings(
        data_dir=str(tmp_path), s3_endpoint=s3_server.endpoint, s3_bucket="no-such-bucket"
    )
    with pytest.raises(StorageUnavailable, match=r"^SMALLBATCH_S3_BUCKET: .*no-such-bucket"):
        open_store(missing)
    silent = Settings(
        data_dir=str(tmp_path), s3_endpoint=f"http://127.0.0.1:{free_port()}", s3_bucket="b"
    )
    with pytest.raises(StorageUnavailable, match=r"^SMALLBATCH_S3_ENDPOINT: "):
        open_store(silent)
    with pytest.raises(SettingsError, match=r"^SMALLBATCH_S3_BUCKET: "):
        settings_from_env({"SMALLBATCH_S3_ENDPOINT": s3_server.endpoint})
    with pytest.raises(SettingsError, match=r"^SMALLBATCH_S3_ENDPOINT: "):
        settings_from_env({"SMALLBATCH_S3_BUCKET": "b"})


def test_serve_exits_2_naming_the_variable_when_the_bucket_is_missing(
    s3_server: S3Server, tmp_path: Path
) -> None:
    env = {
        **os.environ, **AWS_ENV,
        "SMALLBATCH_DATA_DIR": str(tmp_path), "SMALLBATCH_PORT": str(free_port()),
        "SMALLBATCH_S3_ENDPOINT": s3_server.endpoint, "SMALLBATCH_S3_BUCKET": "absent",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "smallbatch", "serve", "--backend-only"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "SMALLBATCH_S3_BUCKET" in done.stderr and "absent" in done.stderr
