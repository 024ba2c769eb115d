"""Evidence photos on the console's order page, in real headless Chromium."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "4016"


def test_staff_upload_a_packing_photo_and_the_page_shows_it(page: Page, shop: Shop) -> None:
    order = shop.order(CUSTOMER)
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    page.click("form.action[data-to=approved] button")
    expect(page.locator("#status")).to_have_text("approved")
    packing = page.locator("#photo-form-packing")
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo, format="JPEG")
    packing.locator("input[name=file]").set_input_files(
        {"name": "box.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}
    )
    packing.locator("input[name=caption]").fill("sealed box")
    packing.locator("button[type=submit]").click()
    shown = page.locator("#photos-packing figure.evidence-photo")
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text("sealed box")
    image = shown.locator("img.photo")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 64  # decoded, not a broken image
    expect(page.locator("#photos-qc figure")).to_have_count(0)
    shot(page, "order-photos")
