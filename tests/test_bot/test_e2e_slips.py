"""A slipped order, end to end: the real bot, backend and emulator.

Alice's order is approved and made; QC fails after the date she was promised has passed
(set in the past here, as a promise that can no longer be kept), so the rework moves it:
she hears the new ship date and why, in chat, once, and the staff group hears it too. The
same when staff move her order's print a month on (reason: the schedule was rearranged).
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.test_bot.shop import Shop, open_shop, place_order
from tests.test_bot.test_e2e_checkout import move, staff_call

pytestmark = pytest.mark.anyio


def promise(database: Path, order: dict[str, Any], ship_date: str) -> None:
    """Set the date the order's customer was promised, as an operator would in the database."""
    with closing(sqlite3.connect(database, timeout=30)) as db, db:
        db.execute(
            "UPDATE orders SET promised_ship_date = ? WHERE id = ?", (ship_date, order["id"])
        )


async def rework(shop: Shop, order: dict[str, Any]) -> None:
    """Staff send the order back to production from QC, with the reason."""
    body = {"to": "in_production", "version": order["version"], "note": "porosity on face B"}
    response = await staff_call(shop, "POST", f"/api/v1/orders/{order['id']}/transitions", body)
    assert response.status_code == 200, response.text


async def test_a_rework_past_the_promised_date_tells_the_customer_and_staff_once(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        number, _ = await place_order(shop)
        order = await move(shop, number, "approved", "in_production", "qc")
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        # Off the loop: the backend shares it and may hold the write lock meanwhile.
        await asyncio.to_thread(promise, shop.backend.settings.database_path, order, yesterday)
        before = shop.latest(shop.customer)
        group_before = shop.latest(shop.staff_chat)
        await rework(shop, order)
        told = await shop.wait_text(shop.customer, "will now ship on", after=before)
        assert f"Order #{number}" in (told.text or "")
        assert "remade after the quality check" in (told.text or "")
        staff = await shop.wait_text(
            shop.staff_chat, f"Order #{number} slipped to", after=group_before
        )
        assert "remade after the quality check" in (staff.text or "")
        # The rework's own message arrives too; the slip is told once.
        await shop.wait_text(shop.customer, "is being remade", after=before)
        slips = [
            m
            for m in shop.world.bot_messages(shop.customer)
            if "will now ship on" in (m.text or "")
        ]
        assert len(slips) == 1


async def test_staff_moving_a_job_past_the_promise_tells_the_customer_and_staff_once(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        number, _ = await place_order(shop)
        order = await move(shop, number, "approved")
        jobs = (await staff_call(shop, "GET", f"/api/v1/orders/{order['id']}/jobs")).json()
        make = jobs["jobs"][0]
        # A month on, on a weekday: long after the date the customer was promised.
        day = date.today() + timedelta(days=30)
        while day.isoweekday() > 5:
            day += timedelta(days=1)
        before = shop.latest(shop.customer)
        group_before = shop.latest(shop.staff_chat)
        body = {"machine": make["machine"], "day": day.isoformat(), "dry_run": False}
        path = f"/api/v1/orders/{order['id']}/jobs/{make['id']}/move"
        moved = await staff_call(shop, "POST", path, body)
        assert moved.status_code == 200, moved.text
        assert moved.json()["slips"], moved.json()
        told = await shop.wait_text(shop.customer, "will now ship on", after=before)
        assert moved.json()["ship_date"] in (told.text or "")
        assert "rearrange the production schedule" in (told.text or "")
        staff = await shop.wait_text(
            shop.staff_chat, f"Order #{number} slipped to", after=group_before
        )
        assert "rearrange the production schedule" in (staff.text or "")
        slips = [
            m
            for m in shop.world.bot_messages(shop.customer)
            if "will now ship on" in (m.text or "")
        ]
        assert len(slips) == 1
