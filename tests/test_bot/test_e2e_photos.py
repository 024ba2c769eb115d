"""Evidence photos end to end: staff reply to an order's card with photos, the customer sees them.

The real bot against the emulator and a real backend: a photo replying to the card in the
staff group is stored with the order (read back through the API), photos from outside the
staff or not replying to a card are answered and never stored, and `/track N` offers the
customer a "Photos (N)" button that sends them as an album with captions.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from bot.api import BackendClient, Order
from bot.emulator import ChatMessage
from tests.test_bot.shop import BOT_KEY, STEP, Shop, open_shop, place_order

pytestmark = pytest.mark.anyio


def jpeg(width: int, height: int, colour: tuple[int, int, int] = (90, 140, 60)) -> bytes:
    """A real JPEG photo of the parts."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


async def order_at(shop: Shop, api: BackendClient, number: str, *steps: str) -> Order:
    """Staff move the order through `steps` (as the staff member in the group)."""
    order = await api.order(number, staff=shop.staff.id)
    for step in steps:
        order = await api.transition(shop.staff.id, order.id, step, order.version)
    return order


async def reply_of(shop: Shop, sent_id: int) -> ChatMessage:
    """The bot's answer in the staff group to the message `sent_id`."""
    return await shop.world.wait_for(
        lambda: next(
            (m for m in shop.world.bot_messages(shop.staff_chat) if m.reply_to == sent_id), None
        ),
        STEP,
    )


def photos_after(shop: Shop, message: ChatMessage, count: int) -> list[ChatMessage] | None:
    """The bot's photos to the customer after `message`, once there are `count` of them."""
    later = [
        m
        for m in shop.world.bot_messages(shop.customer)
        if m.message_id > message.message_id and m.photo is not None
    ]
    return later if len(later) == count else None


async def test_photos_replying_to_the_card_reach_the_order_and_the_customer_sees_them(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        api = BackendClient(shop.backend.url, BOT_KEY)
        try:
            number, card = await place_order(shop)
            order = await order_at(shop, api, number, "approved", "in_production", "qc")
            bore, box = jpeg(1600, 1200), jpeg(900, 700, (200, 180, 120))
            world, group = shop.world, shop.staff_chat
            sent = world.send_photo(
                shop.staff, bore, caption="bore 8.02", chat=group, reply_to=card
            )
            assert (
                await reply_of(shop, sent.message_id)
            ).text == f"📷 Photo saved to #{number} (QC)."
            # "packing" in the caption wins over the order's status (QC).
            sent = world.send_photo(shop.staff, box, caption="Packing, 2 boxes", chat=group,
                                    reply_to=card)  # fmt: skip
            saved = await reply_of(shop, sent.message_id)
            assert saved.text == f"📷 Photo saved to #{number} (packing)."

            stored = await api.photos(order.id, user=shop.customer.id)
            assert [(p.stage, p.caption) for p in stored] == [
                ("qc", "bore 8.02"),
                ("packing", "2 boxes"),
            ]
            assert stored[0].taken_by == f"staff:telegram:{shop.staff.id}"
            # The largest size Telegram keeps is the photo itself: stored byte for byte.
            assert await api.photo_bytes(stored[0], user=shop.customer.id) == bore

            before = shop.latest(shop.customer)
            world.send_text(shop.customer, f"/track {number}")
            track = await shop.wait_text(shop.customer, f"Order #{number}", after=before)
            assert track.buttons[-1][-1].text == "📷 Photos (2)"
            shop.press(shop.customer, track, "📷 Photos (2)")
            album = await world.wait_for(lambda: photos_after(shop, track, 2), STEP)
            today = datetime.now(UTC).date().isoformat()
            assert [m.text for m in album] == [
                f"#{number} · quality check · {today}\nbore 8.02",
                f"#{number} · packing · {today}\n2 boxes",
            ]
            assert [m.photo for m in album] == [bore, box]
            groups = {m.raw.media_group_id for m in album}
            assert len(groups) == 1 and None not in groups  # one album
        finally:
            await api.close()


async def test_photos_from_outside_the_staff_or_not_on_a_card_are_never_stored(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        api = BackendClient(shop.backend.url, BOT_KEY)
        try:
            number, card = await place_order(shop)
            order = await order_at(shop, api, number, "approved", "in_production", "qc")
            world, group = shop.world, shop.staff_chat
            world.chats[group.id].members[shop.outsider.id] = "member"  # Mallory joins the group
            photo = jpeg(640, 480)

            sent = world.send_photo(shop.outsider, photo, chat=group, reply_to=card)
            refused = await reply_of(shop, sent.message_id)
            assert refused.text == "Only staff can add photos to orders; this photo was not saved."

            sent = world.send_photo(shop.staff, photo, caption="qc", chat=group)
            refused = await reply_of(shop, sent.message_id)
            assert "send it as a reply to the order's card" in (refused.text or "")

            # A reply to someone else's message is no card either.
            chatter = world.send_text(shop.staff, "bench ready", chat=group)
            sent = world.send_photo(shop.staff, photo, chat=group, reply_to=chatter)
            assert "reply to the order's card" in (
                (await reply_of(shop, sent.message_id)).text or ""
            )

            await shop.settled.wait(STEP)
            assert await api.photos(order.id, user=shop.customer.id) == []
            before = shop.latest(shop.customer)
            world.send_text(shop.customer, f"/track {number}")
            track = await shop.wait_text(shop.customer, f"Order #{number}", after=before)
            assert not any("Photos" in b.text for row in track.buttons for b in row)
        finally:
            await api.close()


async def test_a_card_whose_order_is_not_at_a_photo_stage_asks_for_the_stage(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        api = BackendClient(shop.backend.url, BOT_KEY)
        try:
            number, card = await place_order(shop)
            order = await order_at(shop, api, number, "approved")
            world, group = shop.world, shop.staff_chat
            sent = world.send_photo(shop.staff, jpeg(300, 200), chat=group, reply_to=card)
            asked = await reply_of(shop, sent.message_id)
            assert f"Order #{number} is" in (asked.text or "") and "“qc”" in (asked.text or "")
            sent = world.send_photo(shop.staff, jpeg(300, 200), caption="QC", chat=group,
                                    reply_to=card)  # fmt: skip
            saved = await reply_of(shop, sent.message_id)
            assert saved.text == f"📷 Photo saved to #{number} (QC)."
            assert [p.stage for p in await api.photos(order.id, user=shop.customer.id)] == ["qc"]
        finally:
            await api.close()
