"""`/profile` end to end: asked once, bad answers repeated, nothing lost; staff see the buyer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.emulator import ChatMessage
from tests.test_bot.shop import Shop, open_shop, place_order

pytestmark = pytest.mark.anyio


async def say(shop: Shop, text: str, expect: str) -> ChatMessage:
    """Alice types `text`; the bot's next message containing `expect`."""
    before = shop.latest(shop.customer)
    shop.world.send_text(shop.customer, text)
    return await shop.wait_text(shop.customer, expect, after=before)


async def press(shop: Shop, message: ChatMessage, label: str, expect: str) -> ChatMessage:
    """Alice presses `label` under `message`; the bot's next message containing `expect`."""
    before = shop.latest(shop.customer)
    shop.press(shop.customer, message, label)
    return await shop.wait_text(shop.customer, expect, after=before)


async def fill_profile(shop: Shop) -> ChatMessage:
    """/profile on an empty profile: every question, with a bad e-mail, contact and VAT ID."""
    await say(shop, "/profile", "What name")
    company = await say(shop, "Anna Schmidt", "Your company")
    await press(shop, company, "Skip", "Your e-mail")
    refused = await say(shop, "anna@", "not an e-mail address")
    await shop.wait_text(shop.customer, "Your e-mail", after=refused.message_id)  # asked again
    await say(shop, "anna@example.com", "Your phone number")
    assert shop.world.reply_keyboard(shop.customer) == [["📱 Share my number"]]
    before = shop.latest(shop.customer)
    shop.world.send_contact(shop.customer, "+49 30 1234567", own=False)
    await shop.wait_text(shop.customer, "someone else's contact", after=before)
    before = shop.latest(shop.customer)
    shop.world.send_contact(shop.customer, "+49 30 1234567")
    await shop.wait_text(shop.customer, "VAT ID", after=before)
    assert shop.world.reply_keyboard(shop.customer) is None  # the contact keyboard is gone
    refused = await say(shop, "DE136695977", "not a valid EU VAT ID")
    await shop.wait_text(shop.customer, "Your EU VAT ID", after=refused.message_id)
    return await say(shop, "ATU 13585627", "Your profile")


async def add_address(shop: Shop, card: ChatMessage, *answers: str) -> ChatMessage:
    """Add an address from the card: recipient (own name), street, no line 2, then `answers`."""
    asked = await press(shop, card, "Add address", "Who receives")
    asked = await press(shop, asked, "Use: Anna Schmidt", "Street and house")
    line2 = await say(shop, answers[0], "Second line")
    await press(shop, line2, "Skip", "Postcode")
    await say(shop, answers[1], "City")
    return await say(shop, answers[2], "Country")


async def test_the_profile_is_asked_once_repeats_bad_answers_and_keeps_addresses(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path, profiled=False) as shop:
        card = await fill_profile(shop)
        text = card.text or ""
        for shown in ("Anna Schmidt", "anna@example.com", "+49301234567", "No address yet"):
            assert shown in text, text
        assert "ATU13585627 · reverse charge applies" in text
        # An address with a bad postcode: the country is taken, the postcode asked again.
        country = await add_address(shop, card, "Invalidenstr. 1", "1011", "Berlin")
        refused = await press(shop, country, "Germany", "postcode does not look right")
        await shop.wait_text(shop.customer, "Postcode", after=refused.message_id)
        card = await say(shop, "10115", "Your profile")
        assert "1. Anna Schmidt, Invalidenstr. 1, 10115 Berlin, Germany ⭐ default" in (
            card.text or ""
        )
        # A second address, by typed country name; then it becomes the default.
        country = await add_address(shop, card, "Keizersgracht 1", "1015 cj", "Amsterdam")
        await say(shop, "Narnia", "don't know that country")
        card = await say(shop, "netherlands", "Your profile")
        assert "2. Anna Schmidt, Keizersgracht 1, 1015 CJ Amsterdam, Netherlands" in (
            card.text or ""
        )
        shop.press(shop.customer, card, "⭐ Default: 2")
        card = await shop.wait_edit(card, "Netherlands ⭐ default")
        # Edit one field: only it is asked, then the card again, nothing else changed.
        asked = await press(shop, card, "✏️ Company", "Your company")
        card = await say(shop, "ACME GmbH", "Your profile")
        assert "Company: ACME GmbH" in (card.text or "")
        profile = await shop.ask_backend("/api/v1/profile")
        assert (profile["name"], profile["email"], profile["phone"], profile["vat_id"]) == (
            "Anna Schmidt", "anna@example.com", "+49301234567", "ATU13585627",
        )  # fmt: skip
        assert [(a["postcode"], a["default"]) for a in profile["addresses"]] == [
            ("1015 CJ", True), ("10115", False),
        ]  # fmt: skip
        assert asked.text and profile["complete"]
        # Staff see who ordered on the order's card in their group.
        _, staff_card = await place_order(shop)
        assert "👤 Anna Schmidt · ACME GmbH\nanna@example.com · +49301234567" in (
            staff_card.text or ""
        )
