"""One customer's uploads never change what another sees: no shared failures, no dedup signal."""

from __future__ import annotations

from typing import Any

import pytest

from backend.db import Database, now_iso
from backend.parts import repository
from backend.parts.analysis import RETRIED
from backend.parts.repository import AnalysisKey
from backend.settings import Settings
from tests.test_backend.api import ALICE, BOB, Api

pytestmark = pytest.mark.anyio

# What differs between two uploads of one file by nature: ids and clocks.
_OWN = {"id", "created_at", "updated_at", "thumbnail_url", "family"}  # family: a first id


async def test_a_file_refused_under_one_name_is_read_under_another(api: Api) -> None:
    mislabelled = await api.upload(ALICE, name="bracket.ply")
    refused = await api.settled_part(mislabelled.json()["id"], ALICE)
    assert refused["status"] == "failed"
    assert refused["error"]["code"] == "unsupported_format"
    assert "PLY" in refused["error"]["message"]

    for user in (BOB, ALICE):  # another customer, and the same one fixing the name
        part = await api.ready_part(user, name="bracket.stl")
        assert part["error"] is None
        assert part["report"]["faces"] > 0


async def test_the_answer_to_an_upload_does_not_tell_who_else_sent_the_file(api: Api) -> None:
    # Bob's first upload of bytes Alice measured long ago looks exactly like a first upload.
    fresh = await api.upload(BOB, name="a.stl", data=b"solid x\nendsolid x\n")
    await api.ready_part(ALICE)
    response = await api.upload(BOB)
    assert response.status_code == fresh.status_code == 202
    assert _shape(response.json()) == _shape(fresh.json()) | {
        "filename": "bracket.stl", "sha256": response.json()["sha256"],
        "size_bytes": response.json()["size_bytes"],
    }  # fmt: skip
    settled = await api.settled_part(response.json()["id"], BOB)
    assert settled["status"] == "ready"
    again = await api.upload(BOB)  # his own file again: his own cache answers
    assert again.status_code == 201
    assert again.json()["status"] == "ready"


def _shape(part: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in part.items() if key not in _OWN}


async def test_a_timeout_or_crash_is_not_kept_as_the_files_result(settings: Settings) -> None:
    settings.data_path.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        key = AnalysisKey(ALICE, "ab" * 32, "auto", "stl")
        at = now_iso()
        async with db.write() as tx:
            await repository.insert_file(tx, key.sha256, 3, at)
            assert await repository.claim_analysis(tx, key, at, retry=RETRIED)
            assert not await repository.claim_analysis(tx, key, at, retry=RETRIED)  # running
            for code in RETRIED:
                await repository.fail_analysis(tx, key, code=code, message="m", at=at)
                assert await repository.claim_analysis(tx, key, at, retry=RETRIED)
            await repository.fail_analysis(tx, key, code="unsupported_format", message="m", at=at)
            assert not await repository.claim_analysis(tx, key, at, retry=RETRIED)  # the file's
        async with db.read() as conn:
            assert await repository.pending_analyses(conn) == []
    finally:
        await db.close()
