"""Helpers that speak to the backend as the bot (for a customer) and as staff."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any, TypeVar

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.auth.schemas import Principal
from backend.db import Database
from backend.settings import Settings
from backend.stores import database_for
from pricing.catalog import RateCard
from tests.pg import run_sql

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[2]
BRACKET = (REPO / "geometry" / "samples" / "bracket.stl").read_bytes()
BOT_KEY = "test-bot-key-0123456789"
ALICE = "1001"  # Telegram user ids of two customers
BOB = "2002"
QUOTE = {"process": "sla", "material": "tough", "quantity": 10}


def customer(user_id: str = ALICE) -> dict[str, str]:
    """Headers of the bot acting for a customer."""
    return {"Authorization": f"Bearer {BOT_KEY}", "X-Telegram-User-Id": user_id}


def bot() -> dict[str, str]:
    """Headers of the bot acting for itself."""
    return {"Authorization": f"Bearer {BOT_KEY}"}


def error_code(response: httpx.Response) -> str:
    """The stable code of an error answer, checking the whole shape on the way."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    code: str = body["error"]["code"]
    return code


class Api:
    """A test client with the steps every order test repeats."""

    def __init__(
        self,
        client: AsyncTestClient[Litestar],
        tokens: dict[str, str],
        app: Litestar,
        settings: Settings,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.app = app
        self.settings = settings

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read the server's database directly, as an operator would."""
        if self.settings.database_url:
            return run_sql(self.settings.database_url, query, params)
        with closing(sqlite3.connect(self.settings.database_path)) as db:
            return list(db.execute(query, params))

    @asynccontextmanager
    async def database(self) -> AsyncIterator[Database]:
        """The server's database, either dialect, opened on this loop as another process would."""
        db = database_for(self.settings, readers=1)
        await db.open(migrate=False)
        try:
            yield db
        finally:
            await db.close()

    async def on_app_loop(self, call: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await a service call on the app's own loop (the client's portal thread).

        asyncpg's connections belong to the loop that made them; aiosqlite's do not care.
        """
        return await asyncio.to_thread(self.client.blocking_portal.call, call, *args)

    async def change_card(self, old: str, new: str) -> RateCard:
        """An admin saves the current rate card with `old` (which it must hold) made `new`."""
        cards = self.app.state.console.cards
        text = await self.on_app_loop(cards.current_text)
        assert old in text, old
        admin = Principal(role="admin", name="root")
        saved: RateCard = await self.on_app_loop(cards.save, admin, text.replace(old, new, 1))
        return saved

    def staff(self, role: str = "staff") -> dict[str, str]:
        """Headers of a staff member (or admin)."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    async def upload(
        self,
        user: str = ALICE,
        data: bytes = BRACKET,
        name: str = "bracket.stl",
        units: str | None = None,
    ) -> httpx.Response:
        """POST a file as multipart/form-data."""
        form = {"units": units} if units else None
        return await self.client.post(
            "/api/v1/parts", files={"file": (name, data)}, data=form, headers=customer(user)
        )

    async def settled_part(self, part_id: str, user: str = ALICE) -> dict[str, Any]:
        """The part once its analysis has finished (ready or failed)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            response = await self.client.get(f"/api/v1/parts/{part_id}", headers=customer(user))
            if response.status_code != 202:
                assert response.status_code == 200, response.text
                part: dict[str, Any] = response.json()
                return part
            await asyncio.sleep(0.05)
        raise AssertionError("the part was never measured")

    async def ready_part(self, user: str = ALICE, **upload: Any) -> dict[str, Any]:
        """Upload the bracket and wait for its report."""
        response = await self.upload(user, **upload)
        assert response.status_code in (201, 202), response.text
        part = await self.settled_part(response.json()["id"], user)
        assert part["status"] == "ready", part
        return part

    async def post_quote(self, part_id: str, user: str = ALICE, **fields: Any) -> httpx.Response:
        """POST /quotes for a part (SLA, tough, 10 unless `fields` say otherwise)."""
        return await self.client.post(
            "/api/v1/quotes", json={"part_id": part_id, **QUOTE, **fields}, headers=customer(user)
        )

    async def quote(
        self, user: str = ALICE, part_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A fresh quote for the user's (new) part."""
        if part_id is None:
            part_id = (await self.ready_part(user))["id"]
        response = await self.post_quote(part_id, user, **fields)
        assert response.status_code == 201, response.text
        quote: dict[str, Any] = response.json()
        return quote

    async def order(self, user: str = ALICE, key: str | None = None) -> dict[str, Any]:
        """A new order in pending_review."""
        quote = await self.quote(user)
        headers = customer(user) | ({"Idempotency-Key": key} if key else {})
        response = await self.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=headers)
        assert response.status_code == 201, response.text
        order: dict[str, Any] = response.json()
        return order

    async def move(self, order: dict[str, Any], to: str, **fields: Any) -> httpx.Response:
        """Staff move an order from the version it is at."""
        return await self.client.post(
            f"/api/v1/orders/{order['id']}/transitions",
            json={"to": to, "version": order["version"], **fields},
            headers=self.staff(),
        )

    async def walk(self, order: dict[str, Any], *steps: str) -> dict[str, Any]:
        """Move an order through several statuses; the order at the end."""
        for step in steps:
            fields: dict[str, str] = {}
            if step == "shipped":
                fields = {"carrier": "DHL", "tracking_number": "JD0146000000"}
            response = await self.move(order, step, **fields)
            assert response.status_code == 200, response.text
            order = response.json()
        return order
