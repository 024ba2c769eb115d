"""A claim after delivery, end to end: the real bot, backend and emulator.

Alice's order is delivered; she presses "Report a problem" under the delivered message, says
what is wrong and sends a photo of it; the staff group hears of it; staff decide a remake, and
Alice hears that the parts are made again under a new order number, which then goes through
production.
`/claim N` on an order not delivered yet is answered at once, in words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_backend.test_order_photos_api import image
from tests.test_bot.shop import open_shop, place_order
from tests.test_bot.test_e2e_checkout import move, staff_call

pytestmark = pytest.mark.anyio
FAULT = "Two brackets have a cracked lug"


async def test_a_claim_from_chat_reaches_staff_and_ends_in_a_remake(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        alice = shop.customer
        number, _ = await place_order(shop)
        sent = shop.world.send_text(alice, f"/claim {number}")
        await shop.wait_text(alice, "has not been delivered yet", after=sent.message_id)

        await move(shop, number, "approved", "in_production", "qc", "packed", "shipped")
        before = shop.latest(alice)
        await move(shop, number, "delivered")
        delivered = await shop.wait_message(
            alice, lambda m: "delivered" in (m.text or "") and bool(m.buttons), after=before
        )
        group_before = shop.latest(shop.staff_chat)
        query = shop.press(alice, delivered, "Report a problem")
        await shop.answered(query)
        asked = await shop.wait_text(alice, f"What is wrong with order #{number}")
        sent = shop.world.send_text(alice, "x")  # too short: said so, and asked still
        await shop.wait_text(alice, "text", after=sent.message_id)
        sent = shop.world.send_text(alice, FAULT)
        await shop.wait_text(
            alice, f"your claim on order #{number} is with the shop", after=asked.message_id
        )
        staff = await shop.wait_text(
            shop.staff_chat, f"Claim on order #{number}", after=group_before
        )
        assert FAULT in (staff.text or "")
        snap = shop.world.send_photo(alice, image(), caption="the cracked lug")
        await shop.wait_text(alice, "Photo added to your claim", after=snap.message_id)
        photos = (await staff_call(shop, "GET", f"/api/v1/orders/{number}/photos")).json()
        assert [(p["stage"], p["caption"]) for p in photos["items"]] == [
            ("claim", "the cracked lug")
        ]

        claims = (await staff_call(shop, "GET", "/api/v1/claims?status=open")).json()["claims"]
        assert [c["order_number"] for c in claims] == [int(number)]
        decided = await staff_call(
            shop, "POST", f"/api/v1/claims/{claims[0]['id']}/decision",
            {"decision": "remake", "note": "Sorry about that."},
        )  # fmt: skip
        assert decided.status_code == 200, decided.text
        remake = decided.json()["remake_order_number"]
        told = await shop.wait_text(alice, "make the parts again", after=sent.message_id)
        assert f"order #{remake}" in (told.text or "") and "Sorry about that." in (told.text or "")
        made = await move(shop, str(remake), "in_production", "qc", "packed")
        assert made["status"] == "packed"
