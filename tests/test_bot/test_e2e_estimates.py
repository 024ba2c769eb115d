"""An open mesh is quoted as an estimate a person confirms; a set of bodies says its pieces."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import trimesh

from bot.emulator import ChatMessage
from tests.test_bot.pdftext import pdf_text
from tests.test_bot.shop import Shop, open_shop
from tests.test_geometry.files import binary_stl
from tests.test_geometry.shapes import joined

pytestmark = pytest.mark.anyio


def open_box() -> bytes:
    """A 40 × 30 × 20 mm box without its lid: too big a hole to patch, so it stays open."""
    box = trimesh.creation.box(extents=(40.0, 30.0, 20.0))
    keep = np.asarray(box.face_normals)[:, 2] < 0.5
    return binary_stl(trimesh.Trimesh(box.vertices, np.asarray(box.faces)[keep], process=False))


def two_blocks() -> bytes:
    """Two separate blocks in one file: a set of two pieces."""
    first = trimesh.creation.box(extents=(30.0, 20.0, 10.0))
    second = trimesh.creation.box(extents=(20.0, 20.0, 10.0)).apply_translation((40.0, 0.0, 0.0))
    return binary_stl(joined([first, second]))


def labels(message: ChatMessage) -> list[str]:
    return [b.text for row in message.buttons for b in row]


async def quote_for(shop: Shop, part: ChatMessage, process: str, material: str) -> ChatMessage:
    shop.press(shop.customer, part, process)
    card = await shop.wait_edit(part, f"Choose a material for {process}:")
    before = shop.latest(shop.customer)
    shop.press(shop.customer, card, material)
    return await shop.wait_message(shop.customer, lambda m: m.photo is not None, after=before)


async def test_an_open_mesh_is_priced_as_estimates_not_refused_everywhere(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        part = await shop.upload("open_box.stl", open_box())
        processes = labels(part)
        assert processes and not all(label.startswith("✗") for label in processes), processes
        assert all("(estimate)" in label for label in processes if not label.startswith("✗"))
        card = await quote_for(shop, part, "FDM", "PLA")
        # The card's review rules send an open mesh to a person (issue 12): a range, no Accept.
        assert "A person checks this quote first (open mesh)" in (card.text or ""), card.text
        assert "📨 Send to a person" in labels(card)
        assert not any("Accept" in label for label in labels(card))
        before = shop.latest(shop.customer)
        shop.press(shop.customer, card, "PDF")
        sent = await shop.wait_message(
            shop.customer, lambda m: m.document is not None, after=before
        )
        assert "Estimate" in pdf_text(sent.document or b"")


async def test_a_closed_set_of_two_bodies_says_how_many_pieces_it_prices(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        part = await shop.upload("pair.stl", two_blocks())
        assert not any("(estimate)" in label for label in labels(part)), labels(part)
        card = await quote_for(shop, part, "FDM", "PLA")
        assert "Prices 2 pieces per set." in (card.text or ""), card.text
        assert "Estimate" not in (card.text or "")
        assert "✅ Accept" in labels(card)
