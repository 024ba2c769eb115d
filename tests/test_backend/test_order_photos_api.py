"""Evidence photos through the API: staff add them at QC and packing; the customer sees them."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image

from backend.photos.service import MAX_PHOTOS_PER_STAGE
from tests.test_backend.api import BOB, Api, customer, error_code

pytestmark = pytest.mark.anyio


def image(kind: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A real image of this type."""
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format=kind)
    return out.getvalue()


async def add_photo(
    api: Api, order_ref: str, data: bytes, headers: dict[str, str] | None = None, **fields: str
) -> httpx.Response:
    """Post one photo as multipart (`stage` defaults to qc)."""
    return await api.client.post(
        f"/api/v1/orders/{order_ref}/photos",
        files={"file": ("photo.jpg", data, "image/jpeg")},
        data={"stage": "qc", **fields},
        headers=headers or api.staff(),
    )


async def in_qc(api: Api) -> dict[str, Any]:
    """An order of Alice's that has reached QC."""
    return await api.walk(await api.order(), "approved", "in_production", "qc")


async def test_staff_add_qc_and_packing_photos_and_the_customer_reads_them_back(
    api: Api,
) -> None:
    order = await in_qc(api)
    qc_photo, packing_photo = image("JPEG"), image("PNG", (40, 30))
    added = await add_photo(api, order["id"], qc_photo, caption="  bore gauged  ")
    assert added.status_code == 201, added.text
    assert added.json()["stage"] == "qc" and added.json()["caption"] == "bore gauged"
    assert (
        added.json()["taken_by"] == "staff:alice" and added.json()["content_type"] == "image/jpeg"
    )
    by_number = await add_photo(api, str(order["number"]), packing_photo, stage="packing")
    assert by_number.status_code == 201, by_number.text
    listed = await api.client.get(f"/api/v1/orders/{order['id']}/photos", headers=customer())
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [(p["stage"], p["size_bytes"]) for p in items] == [
        ("qc", len(qc_photo)),
        ("packing", len(packing_photo)),
    ]
    assert listed.json()["max_per_stage"] == MAX_PHOTOS_PER_STAGE
    for item, data, kind in zip(items, (qc_photo, packing_photo), ("jpeg", "png"), strict=True):
        got = await api.client.get(item["url"], headers=customer())
        assert got.status_code == 200 and got.content == data
        assert got.headers["content-type"] == f"image/{kind}"
        assert got.headers["x-content-type-options"] == "nosniff"
    stored = api.sql("SELECT stage, file_key, sha256 FROM order_photos ORDER BY created_at")
    assert [row[0] for row in stored] == ["qc", "packing"]
    assert all(key == f"qc/{sha[:2]}/{sha}" for _, key, sha in stored)


async def test_another_customer_can_neither_list_nor_fetch_the_photos(api: Api) -> None:
    order = await in_qc(api)
    photo = (await add_photo(api, order["id"], image())).json()
    listed = await api.client.get(f"/api/v1/orders/{order['id']}/photos", headers=customer(BOB))
    assert listed.status_code == 404 and error_code(listed) == "not_found"
    fetched = await api.client.get(photo["url"], headers=customer(BOB))
    assert fetched.status_code == 404 and error_code(fetched) == "not_found"
    by_number = await api.client.get(
        f"/api/v1/orders/{order['number']}/photos", headers=customer(BOB)
    )
    assert by_number.status_code == 404


async def test_a_customer_cannot_add_photos(api: Api) -> None:
    order = await in_qc(api)
    refused = await add_photo(api, order["id"], image(), headers=customer())
    assert refused.status_code == 403 and error_code(refused) == "forbidden"
    assert api.sql("SELECT COUNT(*) FROM order_photos") == [(0,)]


async def test_only_images_known_by_their_bytes_are_kept(api: Api) -> None:
    order = await in_qc(api)
    for data in (b"solid cube\nendsolid cube\n", b"RIFF\x00\x00\x00\x00AVI LIST", b""):
        refused = await add_photo(api, order["id"], data)
        assert refused.status_code == 422 and error_code(refused) == "not_an_image", refused.text
    webp = await add_photo(api, order["id"], image("WEBP"))
    assert webp.status_code == 201 and webp.json()["content_type"] == "image/webp"


async def test_the_form_is_checked_field_by_field(api: Api) -> None:
    order = await in_qc(api)
    for stage, caption in (("shipping", ""), ("qc", "x" * 901)):
        refused = await add_photo(api, order["id"], image(), stage=stage, caption=caption)
        assert refused.status_code == 400 and error_code(refused) == "invalid_request", stage
    no_file = await api.client.post(
        f"/api/v1/orders/{order['id']}/photos", data={"stage": "qc"}, headers=api.staff()
    )
    assert no_file.status_code == 400 and error_code(no_file) == "invalid_request"
    missing = await add_photo(api, "ord_0000000000000000000000000000", image())
    assert missing.status_code == 404


async def test_a_photo_over_10_mb_is_refused(api: Api) -> None:
    order = await in_qc(api)
    big = image("PNG") + b"\0" * (10 * 1024 * 1024)
    refused = await add_photo(api, order["id"], big)
    assert refused.status_code == 413 and error_code(refused) in {"photo_too_large", "too_large"}
    assert api.sql("SELECT COUNT(*) FROM order_photos") == [(0,)]


async def test_each_stage_takes_at_most_an_albums_worth(api: Api) -> None:
    order = await in_qc(api)
    for n in range(MAX_PHOTOS_PER_STAGE):
        added = await add_photo(api, order["id"], image(size=(10 + n, 10)))
        assert added.status_code == 201, added.text
    full = await add_photo(api, order["id"], image())
    assert full.status_code == 409 and error_code(full) == "too_many_photos"
    other_stage = await add_photo(api, order["id"], image(), stage="packing")
    assert other_stage.status_code == 201


async def test_an_order_not_yet_made_takes_no_photos(api: Api) -> None:
    order = await api.order()  # pending review
    refused = await add_photo(api, order["id"], image())
    assert refused.status_code == 409 and error_code(refused) == "order_not_in_production"
