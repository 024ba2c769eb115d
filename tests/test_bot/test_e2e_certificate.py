"""The certificate of conformance in chat: the real bot, backend and Bot API emulator.

Staff pass the order's QC (through the console's `QualityControl`, as the QC page does)
and ship it: Alice hears it has shipped, and the certificate follows as a PDF document
in her language. An order shipped without a passing QC check is told alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.auth.schemas import Principal
from backend.console.qc import QcForm
from backend.console.web import Console
from tests.conftest import logged
from tests.test_bot.pdftext import pdf_text
from tests.test_bot.shop import Shop, open_shop, place_order
from tests.test_bot.test_e2e_checkout import move, staff_call

pytestmark = pytest.mark.anyio

SAM = Principal(role="staff", name="sam")


async def pass_qc(shop: Shop, number: str) -> None:
    """Sam measures the part at its nominal size, counts every part and passes the order."""
    order = (await staff_call(shop, "GET", f"/api/v1/orders/{number}")).json()
    part = (await staff_call(shop, "GET", f"/api/v1/parts/{order['part_id']}")).json()
    quote = (await staff_call(shop, "GET", f"/api/v1/quotes/{order['quote_id']}")).json()
    x, y, z = part["report"]["bbox_mm"]
    form = QcForm(
        version=order["version"], decision="pass", measured_x=x, measured_y=y, measured_z=z,
        visual_ok=True, counted=quote["quantity"],
    )  # fmt: skip
    console: Console = shop.backend.app.state.console
    await console.qc.record(SAM, order["id"], form, [])


async def test_the_shipped_message_is_followed_by_the_certificate(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        alice = shop.customer
        number, _ = await place_order(shop)
        await move(shop, number, "approved", "in_production", "qc")
        await pass_qc(shop, number)
        before = shop.latest(alice)
        await move(shop, number, "shipped")
        shipped = await shop.wait_text(alice, "has shipped", after=before)
        sent = await shop.wait_message(
            alice, lambda m: m.document is not None, after=shipped.message_id
        )
        assert sent.document is not None and sent.document_name == f"certificate-{number}.pdf"
        assert sent.text == f"📄 Certificate of conformance for order #{number}"
        text = pdf_text(sent.document)
        for line in (
            "Certificate of Conformance", f"Order #{number}", "Material Tough resin",
            "Lot verdict accepted", "Inspector sam", "Carrier DHL",
        ):  # fmt: skip
            assert line in text, (line, text)


async def test_without_a_qc_check_the_shipped_message_goes_alone(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        alice = shop.customer
        number, _ = await place_order(shop)
        before = shop.latest(alice)
        with logged("smallbatch.bot.certificates") as log:
            await move(shop, number, "approved", "in_production", "qc", "packed", "shipped")
            shipped = await shop.wait_text(alice, "has shipped", after=before)
            # The notifier goes on: the next event is told, with no document between.
            await move(shop, number, "delivered")
            delivered = await shop.wait_text(alice, "delivered", after=shipped.message_id)
        between = [
            m for m in shop.world.messages(alice)
            if shipped.message_id < m.message_id < delivered.message_id
        ]  # fmt: skip
        assert between == [] and delivered.document is None
        events = [e for e in log.events if e["event"] == "certificate_not_sent"]
        assert events and events[0]["code"] == "not_inspected", log.events
