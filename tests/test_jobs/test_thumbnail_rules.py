"""Which previews a `thumbs` job draws, and how its jobs are named."""

from __future__ import annotations

from backend.jobs.app import QUEUES, THUMBS
from backend.jobs.thumbnail import drawn_with_analysis, thumbnail_job_id
from backend.parts.repository import AnalysisKey


def test_a_step_files_preview_comes_with_its_analysis_and_a_meshs_from_a_thumbs_job() -> None:
    assert drawn_with_analysis(b"solid x\n", "part.step")  # named STEP
    assert drawn_with_analysis(b"ISO-10303-21;\nHEADER;\n", "part")  # STEP under a bare name
    assert not drawn_with_analysis(b"solid part\nfacet normal 0 0 1\n", "part.stl")
    assert not drawn_with_analysis(b"v 0 0 0\n", "part.obj")
    assert THUMBS in QUEUES


def test_one_preview_job_per_file_and_unit_whoever_sent_it() -> None:
    alice = AnalysisKey("1001", "ab" * 32, "auto", "stl")
    assert thumbnail_job_id(alice) == thumbnail_job_id(alice._replace(customer="1002"))
    assert thumbnail_job_id(alice) != thumbnail_job_id(alice._replace(units="inch"))
