"""The first-article panel's forms without JavaScript (plain posts), through the real app.

A plain form post is answered with a redirect to the order page when it works, and with
the whole page, the refusal beside its form and the note kept, when it does not.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.test_backend.api import Api, customer
from tests.test_console.browsers import Browser, csrf_of
from tests.test_console.test_order_photos_page import get, jpeg, signed_in, upload

pytestmark = [pytest.mark.anyio, pytest.mark.settings(console_secure_cookies=False)]


async def held_order(api: Api) -> dict[str, Any]:
    """An accepted build-and-hold order of Alice's, in production."""
    quote = await api.quote(first_article=True)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    return await api.walk(accepted.json(), "approved", "in_production")


def textarea(page: str, form: str) -> str:
    """What the note box of form `form` (its id) holds."""
    section = page[page.index(f'id="{form}"') :]
    found = re.search(r'<textarea name="note"[^>]*>([^<]*)</textarea>', section)
    assert found, section[:400]
    return found[1]


async def post(browser: Browser, path: str, page: str, **fields: str) -> httpx.Response:
    """A plain form post with the page's CSRF token."""
    return await browser.post_form(path, csrf_of(page), **fields)


async def test_a_first_article_sent_and_decided_with_plain_forms(api: Api) -> None:
    order = await held_order(api)
    browser = await signed_in(api)
    url = f"/console/orders/{order['id']}"
    page = (await get(browser, url)).text
    assert 'data-state="making"' in page and 'data-to="qc"' not in page
    assert 'id="held-for-first-article"' in page

    refused = await post(
        browser, f"{url}/first-article/send", page, version=str(order["version"]), note="Ø 20.02"
    )
    assert refused.status_code == 409
    assert 'id="fa-send-error"' in refused.text and "Add photos" in refused.text
    assert textarea(refused.text, "fa-send-form") == "Ø 20.02"

    not_a_photo = await upload(browser, order, page, b"%PDF-1.7", stage="first_article")
    assert not_a_photo.status_code == 422
    panel = not_a_photo.text[not_a_photo.text.index('id="first-article"') :]
    assert "Photos must be PNG, JPEG or WebP images." in panel.split("</article>", 1)[0]
    added = await upload(browser, order, page, jpeg(), stage="first_article", caption="top")
    assert added.status_code == 303, added.text
    page = (await get(browser, url)).text
    sent = await post(
        browser, f"{url}/first-article/send", page, version=str(order["version"]), note="Ø 20.02"
    )
    assert sent.status_code == 303 and sent.headers["location"] == url
    page = (await get(browser, url)).text
    assert 'data-state="awaiting_approval"' in page and "First article (awaiting customer)" in page

    version = re.search(r'data-version="(\d+)"', page)
    assert version
    unsaid = await post(browser, f"{url}/first-article/decision", page, version=version[1],
                        approve="false", note="  ")  # fmt: skip
    assert unsaid.status_code == 400 and 'id="fa-decision-error"' in unsaid.text
    changes = await post(browser, f"{url}/first-article/decision", page, version=version[1],
                         approve="false", note="Chamfer the top edge")  # fmt: skip
    assert changes.status_code == 303
    view = await api.client.get(f"/api/v1/orders/{order['id']}/first-article", headers=api.staff())
    assert view.json()["state"] == "making"
    assert view.json()["rounds"][0]["decision"] == "changes"
    assert view.json()["rounds"][0]["decision_note"] == "Chamfer the top edge"
    assert view.json()["rounds"][0]["decided_by"] == "staff:alice"


async def test_qc_posted_anyway_before_approval_is_explained_on_the_page(api: Api) -> None:
    order = await held_order(api)
    browser = await signed_in(api)
    url = f"/console/orders/{order['id']}"
    page = (await get(browser, url)).text
    forced = await post(browser, f"{url}/move", page, to="qc", version=str(order["version"]))
    assert forced.status_code == 409
    assert 'id="action-error"' in forced.text and "waits for its first article" in forced.text


async def test_an_order_without_a_first_article_has_no_panel(api: Api) -> None:
    order = await api.walk(await api.order(), "approved", "in_production")
    browser = await signed_in(api)
    page = (await get(browser, f"/console/orders/{order['id']}")).text
    assert 'id="first-article"' not in page and 'data-to="qc"' in page
    assert "photo-form-first_article" not in page


async def test_the_timeline_names_a_first_articles_own_jobs(api: Api) -> None:
    quote = await api.quote(first_article=True)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    number = accepted.json()["number"]
    browser = await signed_in(api)
    page = (await get(browser, "/console/schedule")).text
    blocks = dict(re.findall(r'data-job="([^"]+)"[^>]*>#\d+ ([^<]+)</a>', page))
    assert blocks["1-first"] == "first article (sla)", blocks
    assert blocks["1-first-qc"] == "first article QC"
    assert blocks["1-make"] == "sla" and f"#{number} first article (sla)" in page
