"""A sync client that plays the customer (through the bot's key) against a real server."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.test_backend.api import BOT_KEY, BRACKET, QUOTE, customer


class Shop:
    """Places orders as a customer and reads the event feed as the bot."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=60)

    def ready_part(self, user: str, data: bytes = BRACKET) -> dict[str, Any]:
        """Upload the bracket (or `data` under its name) and wait for its report."""
        response = self.http.post(
            "/api/v1/parts", files={"file": ("bracket.stl", data)}, headers=customer(user)
        )
        assert response.status_code in (201, 202), response.text
        part_id = response.json()["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            part = self.http.get(f"/api/v1/parts/{part_id}", headers=customer(user))
            if part.status_code == 200:
                body: dict[str, Any] = part.json()
                assert body["status"] == "ready", body
                return body
            time.sleep(0.05)
        raise AssertionError("the part was never measured")

    def order(self, user: str, part_id: str | None = None, **fields: Any) -> dict[str, Any]:
        """A new order in pending_review (a new part unless one is named)."""
        part_id = part_id or self.ready_part(user)["id"]
        quote = self.http.post(
            "/api/v1/quotes", json={"part_id": part_id, **QUOTE, **fields}, headers=customer(user)
        )
        assert quote.status_code == 201, quote.text
        accepted = self.http.post(
            f"/api/v1/quotes/{quote.json()['id']}/accept", headers=customer(user)
        )
        assert accepted.status_code == 201, accepted.text
        order: dict[str, Any] = accepted.json()
        return order

    def staff_walk(self, token: str, order: dict[str, Any], *steps: str) -> dict[str, Any]:
        """Staff (API `token`) move `order` through `steps` over the API: the order after."""
        for to in steps:
            body = {"to": to, "version": order["version"]}
            if to == "shipped":
                body |= {"carrier": "DHL", "tracking_number": "JD0146000000"}
            moved = self.http.post(
                f"/api/v1/orders/{order['id']}/transitions",
                json=body,
                headers={"Authorization": f"Bearer {token}"},
            )
            assert moved.status_code == 200, moved.text
            order = moved.json()
        return order

    def events(self, user: str) -> list[dict[str, Any]]:
        """Every event the customer's feed holds so far."""
        response = self.http.get("/api/v1/events?after=0&wait=0", headers=customer(user))
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()["events"]
        return found

    def bot_headers(self, user: str) -> dict[str, str]:
        """The bot's credentials acting for a customer."""
        return customer(user)


__all__ = ["BOT_KEY", "Shop"]
