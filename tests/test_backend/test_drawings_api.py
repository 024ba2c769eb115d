"""Drawings over HTTP: attach a PDF to a part, list, download, preview; refuse the rest cleanly."""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
import pytest
from PIL import Image

from backend.drawings.service import MAX_DRAWINGS_PER_PART
from tests import pdfs
from tests.test_backend.api import ALICE, BOB, Api, bot, customer, error_code
from tests.test_backend.s3 import BOTH_STORES

pytestmark = pytest.mark.anyio


async def attach(
    api: Api, part_id: str, data: bytes, name: str = "drawing.pdf", user: str = ALICE
) -> httpx.Response:
    """POST a file as a drawing of the part."""
    return await api.client.post(
        f"/api/v1/parts/{part_id}/drawings", files={"file": (name, data)}, headers=customer(user)
    )


def colour_at_centre(png: bytes) -> tuple[int, int, int]:
    """The colour in the middle of a PNG."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    r, g, b = image.getpixel((image.width // 2, image.height // 2))  # type: ignore[misc]
    return r, g, b


@BOTH_STORES
async def test_a_pdf_attaches_with_its_page_count_and_first_page_as_preview(api: Api) -> None:
    part = await api.ready_part()
    response = await attach(api, part["id"], pdfs.coloured_pdf(pdfs.RED, pdfs.BLUE, pdfs.GREEN))
    assert response.status_code == 201, response.text
    drawing = response.json()
    assert drawing["id"].startswith("drw_")
    assert drawing["part_id"] == part["id"]
    assert drawing["pages"] == 3
    assert drawing["filename"] == "drawing.pdf"

    preview = await api.client.get(drawing["preview_url"], headers=customer())
    assert preview.status_code == 200
    assert preview.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(preview.content))
    assert max(image.size) == 1600  # A4 drawn to the preview's long side
    assert colour_at_centre(preview.content) == pdfs.RED  # the first page, not the blue second


@BOTH_STORES
async def test_the_pdf_comes_back_byte_for_byte_and_the_list_is_oldest_first(api: Api) -> None:
    part = await api.ready_part()
    first = pdfs.coloured_pdf(pdfs.BLUE, title="sheet 1")
    second = pdfs.coloured_pdf(pdfs.GREEN, pdfs.GREEN, title="sheet 2")
    one = (await attach(api, part["id"], first, "sheet1.pdf")).json()
    two = (await attach(api, part["id"], second, "sheet2.pdf")).json()

    listed = await api.client.get(f"/api/v1/parts/{part['id']}/drawings", headers=customer())
    assert [d["id"] for d in listed.json()["items"]] == [one["id"], two["id"]]
    download = await api.client.get(two["pdf_url"], headers=customer())
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert "sheet2.pdf" in download.headers["content-disposition"]
    assert download.content == second
    staff = await api.client.get(one["preview_url"], headers=api.staff())
    assert colour_at_centre(staff.content) == pdfs.BLUE


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not_a_pdf"),
        (b"solid bracket\nendsolid\n", "not_a_pdf"),
        (pdfs.coloured_pdf(pdfs.RED)[:400], "invalid_pdf"),  # cut short: no page survives
        (b"%PDF-1.7\n" + bytes(range(256)) * 40, "invalid_pdf"),
    ],
    ids=["png", "stl", "truncated", "garbage-after-header"],
)
async def test_a_file_that_is_not_a_readable_pdf_is_refused_with_its_code(
    api: Api, data: bytes, code: str
) -> None:
    part = await api.ready_part()
    response = await attach(api, part["id"], data)
    assert response.status_code == 422, response.text
    assert error_code(response) == code
    listed = await api.client.get(f"/api/v1/parts/{part['id']}/drawings", headers=customer())
    assert listed.json()["items"] == []
    assert list((api.settings.data_path / "tmp").iterdir()) == []  # nothing left behind


@pytest.mark.parametrize(
    ("make", "pages"),
    [
        (pdfs.huge_page_pdf, 1),
        (pdfs.lying_page_count_pdf, 1),
        (lambda: pdfs.many_pages_pdf(20_000), 20_000),
    ],
    ids=["billion-point-page", "claims-two-billion-pages", "twenty-thousand-pages"],
)
async def test_hostile_page_trees_attach_quickly_with_a_bounded_preview(
    api: Api, make: Any, pages: int
) -> None:
    part = await api.ready_part()
    started = time.monotonic()
    response = await attach(api, part["id"], make())
    assert time.monotonic() - started < 20
    assert response.status_code == 201, response.text
    drawing = response.json()
    assert drawing["pages"] == pages
    preview = await api.client.get(drawing["preview_url"], headers=customer())
    assert max(Image.open(io.BytesIO(preview.content)).size) <= 1600


@BOTH_STORES
async def test_a_pdf_whose_page_cannot_be_drawn_attaches_without_a_preview(api: Api) -> None:
    part = await api.ready_part()
    response = await attach(api, part["id"], pdfs.self_referencing_pdf())
    assert response.status_code == 201, response.text
    drawing = response.json()
    assert drawing["preview_url"] is None
    preview = await api.client.get(
        f"/api/v1/parts/{part['id']}/drawings/{drawing['id']}/preview.png", headers=api.staff()
    )
    assert preview.status_code == 404
    assert error_code(preview) == "preview_unavailable"


async def test_a_drawing_bomb_is_stopped_by_the_worker_limit_and_still_attaches(api: Api) -> None:
    part = await api.ready_part()
    started = time.monotonic()
    response = await attach(api, part["id"], pdfs.slow_page_pdf())
    elapsed = time.monotonic() - started
    assert response.status_code == 201, response.text
    assert response.json()["preview_url"] is None
    assert response.json()["pages"] is None  # the worker was stopped before it told
    assert elapsed < 40  # the worker's CPU limit is 10 s, its wall clock 15 s
    # The server kept answering meanwhile, and answers now.
    assert (await api.client.get(f"/api/v1/parts/{part['id']}", headers=customer())).is_success


async def test_another_customer_sees_none_of_it(api: Api) -> None:
    part = await api.ready_part()
    drawing = (await attach(api, part["id"], pdfs.coloured_pdf(pdfs.RED))).json()
    for url in (
        f"/api/v1/parts/{part['id']}/drawings",
        drawing["pdf_url"],
        drawing["preview_url"],
    ):
        response = await api.client.get(url, headers=customer(BOB))
        assert response.status_code == 404, url
        assert error_code(response) == "not_found"
    response = await attach(api, part["id"], pdfs.coloured_pdf(pdfs.RED), user=BOB)
    assert response.status_code == 404
    own = await attach(api, part["id"], pdfs.coloured_pdf(pdfs.RED))
    assert own.status_code == 201  # the owner still can


async def test_staff_cannot_attach_drawings(api: Api) -> None:
    part = await api.ready_part()
    response = await api.client.post(
        f"/api/v1/parts/{part['id']}/drawings",
        files={"file": ("d.pdf", pdfs.coloured_pdf(pdfs.RED))},
        headers=api.staff(),
    )
    assert response.status_code == 403
    assert error_code(response) == "forbidden"


async def test_a_part_carries_a_bounded_number_of_drawings(api: Api) -> None:
    part = await api.ready_part()
    data = pdfs.coloured_pdf(pdfs.GREEN)
    for _ in range(MAX_DRAWINGS_PER_PART):
        assert (await attach(api, part["id"], data)).status_code == 201
    response = await attach(api, part["id"], data)
    assert response.status_code == 409
    assert error_code(response) == "too_many_drawings"


async def test_a_drawing_over_the_size_limit_is_refused_before_it_is_kept(api: Api) -> None:
    part = await api.ready_part()
    big = b"%PDF-1.7\n" + b"0" * (51 * 1024 * 1024)
    response = await attach(api, part["id"], big)
    assert response.status_code == 413
    assert error_code(response) == "too_large"
    assert "50 MB" in response.json()["error"]["message"]


async def test_has_drawing_tells_whether_a_part_has_one(api: Api) -> None:
    part = await api.ready_part()
    drawings = api.app.state.services.drawings
    assert await api.on_app_loop(drawings.has_drawing, part["id"]) is False
    await attach(api, part["id"], pdfs.coloured_pdf(pdfs.RED))
    assert await api.on_app_loop(drawings.has_drawing, part["id"]) is True


async def test_a_drawing_link_takes_a_pdf_for_its_part_once_and_tells_the_feed(api: Api) -> None:
    part = await api.ready_part()
    made = await api.client.post(
        "/api/v1/upload-links", json={"drawing_for": part["id"]}, headers=customer()
    )
    assert made.status_code == 201, made.text
    path = "/" + made.json()["url"].split("://", 1)[1].partition("/")[2]
    page = await api.client.get(path)
    assert "drawing (PDF) for <b>bracket.stl</b>" in page.text

    refused = await api.client.post(path, files={"file": ("scan.pdf", b"not a pdf at all")})
    assert refused.status_code == 422
    assert "not a PDF" in refused.text
    sent = await api.client.post(path, files={"file": ("scan.pdf", pdfs.coloured_pdf(pdfs.RED))})
    assert sent.status_code == 201, sent.text  # the failed try did not spend the link
    again = await api.client.post(path, files={"file": ("scan.pdf", pdfs.coloured_pdf(pdfs.RED))})
    assert again.status_code == 410

    feed = (await api.client.get("/api/v1/events", headers=bot())).json()["events"]
    assert [(e["kind"], e["part_id"]) for e in feed] == [("drawing_attached", part["id"])]
    listed = await api.client.get(f"/api/v1/parts/{part['id']}/drawings", headers=customer())
    assert [d["filename"] for d in listed.json()["items"]] == ["scan.pdf"]


async def test_a_drawing_link_is_only_for_the_customers_own_part(api: Api) -> None:
    part = await api.ready_part(BOB)
    made = await api.client.post(
        "/api/v1/upload-links", json={"drawing_for": part["id"]}, headers=customer(ALICE)
    )
    assert made.status_code == 404
    assert error_code(made) == "not_found"


async def test_a_customer_lists_only_their_own_parts_newest_first(api: Api) -> None:
    first = await api.ready_part(ALICE)
    second = (await api.upload(ALICE, name="second.stl")).json()
    await api.ready_part(BOB)
    mine = await api.client.get("/api/v1/parts", params={"limit": "5"}, headers=customer())
    assert [p["id"] for p in mine.json()["items"]] == [second["id"], first["id"]]
    everyone = await api.client.get("/api/v1/parts", headers=api.staff())
    assert len(everyone.json()["items"]) == 3
