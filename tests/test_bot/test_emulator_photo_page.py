"""The chat page's photo button in headless Chromium: a captioned photo replying to a card."""

from __future__ import annotations

import io

import pytest
from aiogram import Bot
from PIL import Image
from playwright.async_api import async_playwright, expect

from bot.emulator import RunningEmulator
from bot.emulator.types import User
from tests.test_console.conftest import CHROMIUM, CHROMIUM_FLAGS

pytestmark = pytest.mark.anyio


async def test_a_staff_member_replies_to_a_card_with_a_photo_on_the_page(
    emulator: RunningEmulator, alice: User, bot: Bot
) -> None:
    world = emulator.world
    group = world.add_group("Smallbatch staff", [alice])
    card = await bot.send_message(group.id, "Order #3 · QC")
    photo = io.BytesIO()
    Image.new("RGB", (1000, 600), (30, 90, 200)).save(photo, format="JPEG")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = await browser.new_page()
        page.set_default_timeout(15_000)
        await page.goto(f"{emulator.url}/?user={alice.id}&chat={group.id}")
        bubble = page.locator(".msg", has_text="Order #3")
        await bubble.get_by_role("button", name="↩ Reply").click()
        await expect(page.locator("#replying")).to_contain_text(str(card.message_id))
        await page.fill("#text", "qc bore ok")
        await page.set_input_files(
            "#photo", {"name": "bench.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}
        )
        shown = page.locator(".msg.mine img")
        await expect(shown).to_have_count(1)
        await expect(page.locator("#replying")).to_be_hidden()
        await browser.close()
    sent = world.messages(group)[-1]
    assert sent.text == "qc bore ok" and sent.reply_to == card.message_id
    assert sent.raw.photo is not None
    assert [max(s.width, s.height) for s in sent.raw.photo] == [90, 320, 800, 1000]
    assert sent.photo == photo.getvalue()
