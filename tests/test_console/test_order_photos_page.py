"""The order page's evidence photos through the real app: upload with CSRF, view, refusals."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image

from backend.console.accounts import set_password
from tests.test_backend.api import Api
from tests.test_console.browsers import Browser, csrf_of

pytestmark = [pytest.mark.anyio, pytest.mark.settings(console_secure_cookies=False)]


def jpeg() -> bytes:
    """A real JPEG, as a phone takes."""
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (10, 160, 90)).save(out, format="JPEG")
    return out.getvalue()


async def signed_in(api: Api) -> Browser:
    """Staff `alice`'s browser, signed in to the console."""
    async with api.database() as db:
        await set_password(db, "alice", "a-long-password")
    browser = Browser(api.client)
    done = await browser.sign_in("alice", "a-long-password")
    assert done.status_code == 303, done.text
    return browser


async def upload(
    browser: Browser, order: dict[str, Any], page: str, data: bytes, **fields: str
) -> httpx.Response:
    """Post the stage's form on the page as a browser would (multipart, with the CSRF token)."""
    return await browser.request(
        "POST",
        f"/console/orders/{order['id']}/photos",
        data={"_csrf_token": csrf_of(page), **fields},
        files={"file": ("photo.jpg", data, "image/jpeg")},
    )


async def get(browser: Browser, path: str) -> httpx.Response:
    """A page or file, as the signed-in browser."""
    return await browser.request("GET", path)


async def test_staff_add_a_packing_photo_on_the_order_page_and_see_it(api: Api) -> None:
    order = await api.walk(await api.order(), "approved", "in_production", "qc", "packed")
    browser = await signed_in(api)
    page = (await get(browser, f"/console/orders/{order['id']}")).text
    assert 'id="evidence"' in page
    assert 'id="photo-form-qc"' in page and 'id="photo-form-packing"' in page
    photo = jpeg()
    added = await upload(browser, order, page, photo, stage="packing", caption="two boxes, foam")
    assert (
        added.status_code == 303 and added.headers["location"] == f"/console/orders/{order['id']}"
    )
    page = (await get(browser, f"/console/orders/{order['id']}")).text
    packing = page[page.index('id="photos-packing"') :]
    assert 'data-stage="packing"' in packing and "two boxes, foam" in packing
    qc = page[page.index('id="photos-qc"') : page.index('id="photos-packing"')]
    assert "No qc photos yet." in qc
    src = packing.split('<img class="photo" src="', 1)[1].split('"', 1)[0]
    shown = await get(browser, src)
    assert shown.status_code == 200 and shown.content == photo
    assert shown.headers["content-type"] == "image/jpeg"
    listed = await api.client.get(f"/api/v1/orders/{order['id']}/photos", headers=api.staff())
    assert [(p["stage"], p["taken_by"]) for p in listed.json()["items"]] == [
        ("packing", "staff:alice")
    ]


async def test_a_refused_photo_is_explained_beside_its_stage_and_nothing_is_stored(
    api: Api,
) -> None:
    order = await api.walk(await api.order(), "approved", "in_production", "qc")
    browser = await signed_in(api)
    page = (await get(browser, f"/console/orders/{order['id']}")).text
    refused = await upload(browser, order, page, b"%PDF-1.7 a drawing", stage="qc")
    assert refused.status_code == 422
    qc = refused.text[
        refused.text.index('id="photos-qc"') : refused.text.index('id="photos-packing"')
    ]
    assert "Photos must be PNG, JPEG or WebP images." in qc
    no_csrf = await browser.request(
        "POST",
        f"/console/orders/{order['id']}/photos",
        data={"stage": "qc"},
        files={"file": ("photo.jpg", jpeg(), "image/jpeg")},
    )
    assert no_csrf.status_code == 403
    assert api.sql("SELECT COUNT(*) FROM order_photos") == [(0,)]


async def test_an_order_awaiting_review_has_no_photo_forms(api: Api) -> None:
    order = await api.order()
    browser = await signed_in(api)
    page = (await get(browser, f"/console/orders/{order['id']}")).text
    assert 'id="evidence"' not in page and "photo-form" not in page
