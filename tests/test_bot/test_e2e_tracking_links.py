"""Tracking links through the real bot: the shipped message and `/track` link the carrier's page.

The carrier comes from the rate card's `[carriers]` (the shipped default card here); a number
full of HTML and URL syntax stays one number, in the text and in the link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.emulator import ChatMessage
from tests.test_bot.shop import Shop, open_shop, place_order
from tests.test_bot.test_e2e_checkout import move, staff_call

pytestmark = pytest.mark.anyio

HOSTILE = 'JD01<b>&x=1#"</a>'


async def ship(shop: Shop, carrier: str, number: str) -> tuple[str, ChatMessage]:
    """Alice's order made and shipped through the API: (order number, her shipped message)."""
    order_number, _ = await place_order(shop)
    order = await move(shop, order_number, "approved", "in_production", "qc", "packed")
    before = shop.latest(shop.customer)
    body: dict[str, Any] = {
        "to": "shipped", "version": order["version"], "carrier": carrier,
        "tracking_number": number,
    }  # fmt: skip
    moved = await staff_call(shop, "POST", f"/api/v1/orders/{order['id']}/transitions", body)
    assert moved.status_code == 200, moved.text
    return order_number, await shop.wait_text(shop.customer, "has shipped", after=before)


def links(message: ChatMessage) -> list[tuple[str, str]]:
    """(linked text, URL) of each link in the message."""
    text = message.raw.text or ""
    found = []
    for entity in message.raw.entities or []:
        if entity.type == "text_link":
            # Offsets count UTF-16 units; every linked text here is ASCII after the emoji.
            units = text.encode("utf-16-le")
            start, end = entity.offset * 2, (entity.offset + entity.length) * 2
            found.append((units[start:end].decode("utf-16-le"), str(entity.url)))
    return found


def dhl_number(url: str) -> str:
    """The tracking number a DHL link carries."""
    parts = urlsplit(url)
    assert (parts.scheme, parts.hostname) == ("https", "www.dhl.com")
    return parse_qs(parts.query)["tracking-id"][0]


async def test_the_shipped_message_and_track_link_the_carriers_page(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        number, shipped = await ship(shop, "dhl", HOSTILE)
        assert "shipped with DHL" in (shipped.text or "")
        assert HOSTILE in (shipped.text or "")  # shown as typed, not as HTML
        [(linked, url)] = links(shipped)
        assert linked == HOSTILE and dhl_number(url) == HOSTILE
        before = shop.latest(shop.customer)
        shop.world.send_text(shop.customer, f"/track {number}")
        track = await shop.wait_text(shop.customer, f"Order #{number}", after=before)
        assert f"DHL, tracking number {HOSTILE}" in (track.text or "")
        [(linked, url)] = links(track)
        assert linked == HOSTILE and dhl_number(url) == HOSTILE


async def test_a_carrier_the_card_does_not_list_is_shown_without_a_link(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        _, shipped = await ship(shop, "Pony <Express>", "PX 42")
        assert "shipped with Pony <Express>" in (shipped.text or "")
        assert "PX 42" in (shipped.text or "")
        assert links(shipped) == []
