"""The queue's pure rules: routing, job ids, settings, limits; and the write-once row."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.db import Database, now_iso
from backend.jobs.app import HARD_MARGIN, SOFT_MARGIN, create_celery, engine_version
from backend.jobs.enqueue import job_id, queue_for
from backend.jobs.settings import QueueSettings
from backend.parts import repository
from backend.parts.analysis import RETRIED
from backend.parts.repository import AnalysisKey
from envconfig import EnvError, from_env
from geometry.limits import DEFAULT_LIMITS

STEP_HEAD = b"ISO-10303-21;\nHEADER;\n"


def test_step_files_go_to_the_heavy_queue_and_other_meshes_to_mesh() -> None:
    assert queue_for("step", b"solid x\n") == "heavy"  # named STEP
    assert queue_for("", STEP_HEAD) == "heavy"  # a STEP file under a bare name
    assert queue_for("stl", b"solid part\nfacet normal 0 0 1\n") == "mesh"
    assert queue_for("obj", b"v 0 0 0\n") == "mesh"


def test_a_job_is_named_by_its_analysis_and_engine() -> None:
    key = AnalysisKey("1001", "ab" * 32, "mm", "stl")
    assert job_id(key, "e1") == job_id(AnalysisKey(*key), "e1")
    assert job_id(key, "e1") != job_id(key, "e2")
    assert job_id(key, "e1") != job_id(key._replace(units="inch"), "e1")
    assert engine_version().startswith("smallbatch-")


def test_a_broker_url_must_be_redis_or_amqp() -> None:
    for url in ("redis://127.0.0.1:6379/0", "rediss://h/1", "amqp://guest@h//", ""):
        assert from_env(QueueSettings, {"SMALLBATCH_BROKER_URL": url}).broker_url == url
    with pytest.raises(EnvError, match="SMALLBATCH_BROKER_URL"):
        from_env(QueueSettings, {"SMALLBATCH_BROKER_URL": "http://127.0.0.1:6379"})


def test_celery_holds_a_job_until_done_one_at_a_time_under_limits_above_the_sandboxs() -> None:
    app = create_celery(QueueSettings(broker_url="redis://127.0.0.1:1/0"), DEFAULT_LIMITS)
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit == DEFAULT_LIMITS.worker_wall_seconds + SOFT_MARGIN
    assert conf.task_time_limit == conf.task_soft_time_limit + HARD_MARGIN
    assert conf.worker_max_memory_per_child > 0
    assert conf.broker_transport_options["visibility_timeout"] == 300


@pytest.mark.anyio
async def test_a_result_is_written_over_a_pending_row_only(tmp_path: Path) -> None:
    db = Database(tmp_path / "smallbatch.db", readers=1)
    await db.open()
    try:
        key = AnalysisKey("1001", "cd" * 32, "auto", "stl")
        at = now_iso()
        async with db.write() as tx:
            await repository.insert_file(tx, key.sha256, 3, at)
            assert await repository.claim_analysis(tx, key, at, retry=RETRIED)
            assert await repository.analysis_status(tx, key) == "pending"
            assert await repository.finish_analysis(tx, key, '{"faces": 1}', at)
            # A second delivery of the same job: neither a result nor a failure lands.
            assert not await repository.finish_analysis(tx, key, '{"faces": 2}', "later")
            assert not await repository.fail_analysis(tx, key, code="x", message="m", at=at)
            assert await repository.analysis_status(tx, key) == "ready"
    finally:
        await db.close()
