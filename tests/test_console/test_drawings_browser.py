"""Drawings in the console, in real headless Chromium: the first page shows, the PDF downloads."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import Page, expect

from tests import pdfs
from tests.test_backend.api import customer
from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "4004"


def test_staff_see_a_drawings_first_page_on_the_order_and_part_pages(
    page: Page, shop: Shop
) -> None:
    part = shop.ready_part(CUSTOMER)
    # Ordered first: a quote priced with a drawing attached waits for a person's review.
    order = shop.order(CUSTOMER, part["id"])
    drawing = pdfs.coloured_pdf(pdfs.BLUE, pdfs.RED, title="sheet")
    attached = shop.http.post(
        f"/api/v1/parts/{part['id']}/drawings",
        files={"file": ("sheet.pdf", drawing)},
        headers=customer(CUSTOMER),
    )
    assert attached.status_code == 201, attached.text
    broken = shop.http.post(
        f"/api/v1/parts/{part['id']}/drawings",
        files={"file": ("loop.pdf", pdfs.self_referencing_pdf())},
        headers=customer(CUSTOMER),
    )
    assert broken.status_code == 201, broken.text

    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    first = page.locator(f"[data-drawing='{attached.json()['id']}']")
    image = first.locator("img.drawing-page")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0  # decoded, not a broken image
    expect(first.locator("a.drawing-pdf")).to_have_text("sheet.pdf")
    expect(first).to_contain_text("2 pages")
    no_preview = page.locator(f"[data-drawing='{broken.json()['id']}']")
    expect(no_preview).to_contain_text("Preview unavailable")
    shot(page, "drawings-order")

    # What the browser shows is the first (blue) page, and the link serves the very PDF.
    png = page.request.get(image.get_attribute("src") or "").body()
    rgb = Image.open(io.BytesIO(png)).convert("RGB")
    assert rgb.getpixel((rgb.width // 2, rgb.height // 2)) == pdfs.BLUE
    pdf = page.request.get(first.locator("a.drawing-pdf").get_attribute("href") or "")
    assert pdf.body() == drawing

    page.click(f"a[href='/console/parts/{part['id']}']")
    expect(page.locator("h2")).to_contain_text("bracket.stl")
    expect(page.locator("#drawings img.drawing-page")).to_have_count(1)
    expect(page.locator("#drawings .drawing-no-preview")).to_have_count(1)


def test_drawing_files_are_for_signed_in_staff_only(page: Page, shop: Shop) -> None:
    part = shop.ready_part(CUSTOMER)
    attached = shop.http.post(
        f"/api/v1/parts/{part['id']}/drawings",
        files={"file": ("sheet.pdf", pdfs.coloured_pdf(pdfs.GREEN))},
        headers=customer(CUSTOMER),
    ).json()
    base = f"/console/files/parts/{part['id']}/drawings/{attached['id']}"
    for url in (f"{base}/preview.png", f"{base}/drawing.pdf", f"/console/parts/{part['id']}"):
        response = page.request.get(url, max_redirects=0)
        assert response.status in (302, 303, 401), (url, response.status)
