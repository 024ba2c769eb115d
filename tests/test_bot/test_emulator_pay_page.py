"""The chat page's Pay walk in headless Chromium: an invoice, the form, shipping, the receipt."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from playwright.async_api import async_playwright, expect

from bot.emulator import RunningEmulator
from bot.emulator.types import User
from tests.test_bot.conftest import polling
from tests.test_bot.test_emulator_payments import shop_dispatcher
from tests.test_console.conftest import CHROMIUM, CHROMIUM_FLAGS

pytestmark = pytest.mark.anyio


async def test_a_customer_pays_an_invoice_on_the_chat_page(
    emulator: RunningEmulator, alice: User, bot: Bot
) -> None:
    world = emulator.world
    late, recorded, seen = asyncio.Event(), list[str](), list[str]()
    async with (
        polling(shop_dispatcher(late, recorded, seen), bot),
        async_playwright() as playwright,
    ):
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = await browser.new_page()
        page.set_default_timeout(15_000)
        await page.goto(f"{emulator.url}/?user={alice.id}&chat={alice.id}")
        await page.fill("#text", "/buy")
        await page.press("#text", "Enter")
        invoice = page.locator(".msg .invoice")
        await expect(invoice).to_contain_text("Bracket × 20")
        await expect(invoice).to_contain_text("120.00 EUR")

        await page.get_by_role("button", name="Pay 120.00 EUR").click()
        await page.fill("#pay-name", "Alice Example")
        await page.fill("#pay-email", "alice@example.com")
        for field, value in [("country", "AT"), ("city", "Wien"), ("street", "Ring 1")]:
            await page.fill(f"#pay-{field}", value)
        await page.fill("#pay-postcode", "1010")
        await page.click("#pay-next")
        await expect(page.locator("#pay-error")).to_have_text("We ship to Germany only")
        await expect(page.locator("#pay-phone")).to_be_hidden()  # the invoice did not ask

        await page.fill("#pay-country", "DE")
        await page.click("#pay-next")
        options = page.locator("#pay-option-list label")
        await expect(options).to_have_text(["Standard · 9.90 EUR", "Express · 24.90 EUR"])
        await options.nth(1).locator("input").check()
        world.payments.decline_next("Card declined")
        await page.click("#pay-submit")
        await expect(page.locator("#pay-error")).to_have_text("Card declined")
        declined = "Payment of 144.90 EUR failed: Card declined"
        await expect(page.locator(".service.failed")).to_have_text(declined)
        await page.click("#pay-submit")
        await expect(page.locator(".service:not(.failed)")).to_have_text("You paid 144.90 EUR")
        await expect(page.get_by_role("button", name="Paid")).to_be_disabled()
        await expect(page.locator(".msg").last).to_contain_text("Paid, thank you")
        await browser.close()
    paid = world.messages(alice)[-2].raw.successful_payment
    assert paid is not None and paid.shipping_option_id == "express"
    assert paid.order_info is not None and paid.order_info.email == "alice@example.com"
