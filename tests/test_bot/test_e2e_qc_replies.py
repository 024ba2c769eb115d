"""Staff reply to an order's card in the group with a sampled part's values: the real bot.

Alice orders ten brackets (a lot of code letter B: the size and hole checks on 5 parts,
the visual check on 3). Sam moves the order to QC with the card's buttons and replies to
the card with numbers; the bot records them through the backend as the next sample
part's values and answers with what it recorded, what is left and the plan so far.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.test_bot.shop import BOT_KEY, Shop, accept, open_shop, quote_card
from tests.test_bot.test_e2e_journey import staff_presses

pytestmark = pytest.mark.anyio


async def plan_of(shop: Shop, order_number: str) -> dict[str, object]:
    """The order's QC plan as staff read it (the bot acting for Sam)."""
    headers = {"Authorization": f"Bearer {BOT_KEY}", "X-Telegram-Staff-Id": str(shop.staff.id)}
    async with httpx.AsyncClient(base_url=shop.backend.url, headers=headers) as client:
        response = await client.get(f"/api/v1/orders/{order_number}/qc/plan")
    assert response.status_code == 200, response.text
    plan: dict[str, object] = response.json()
    return plan


async def test_staff_reply_numbers_to_the_card_and_they_are_the_next_parts_values(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        world, sam, group = shop.world, shop.staff, shop.staff_chat
        number = await accept(shop, await quote_card(shop, "10"))
        card = await shop.wait_text(group, f"Order #{number}")
        await staff_presses(shop, card.message_id, "Approve", "approved by")
        await staff_presses(shop, card.message_id, "Start production", "in production by")
        await staff_presses(shop, card.message_id, "To QC", "quality check by")

        sent = world.send_text(sam, "60,02 30.01 41.5 5.21 1", chat=group, reply_to=card.message_id)
        answer = await shop.wait_text(group, f"Order #{number} · QC part 1", after=sent.message_id)
        text = answer.text or ""
        assert "size X 60.02, size Y 30.01, size Z 41.5 ✗, Ø5.20 hole 5.21, visual check 1" in text
        assert "Next: part 2 · values left: 18." in text
        assert "major 1 defective (accept 0, reject 1)" in text and "reject, fail it" in text
        plan = await plan_of(shop, number)
        values = {c["key"]: c["values"] for c in plan["characteristics"]}  # type: ignore[attr-defined]
        assert values["size_x"][:2] == [60.02, None] and values["visual"][0] == 1.0

        # Too few numbers: nothing recorded, and the bot says what part 2 needs.
        sent = world.send_text(sam, "60.0 30.0", chat=group, reply_to=card.message_id)
        refused = await shop.wait_text(group, "nothing recorded", after=sent.message_id)
        assert "Part 2 needs 5 values" in (refused.text or "")
        assert (await plan_of(shop, number))["next_part"] == 2

        # Numbers not replying to a card, or text replying to it, are not QC values.
        mark = shop.latest(group)
        world.send_text(sam, "60.0 30.0 40.0 5.2 1", chat=group)
        world.send_text(sam, "looks fine", chat=group, reply_to=card.message_id)
        asked = world.send_text(sam, "/help", chat=group)
        helped = await shop.wait_text(group, "reply to an order's card", after=asked.message_id)
        assert helped.message_id > mark
        assert not [
            m
            for m in world.bot_messages(group)
            if m.message_id > mark and "QC part" in (m.text or "")
        ]
        assert (await plan_of(shop, number))["next_part"] == 2
