"""A sync client that plays the customer (through the bot's key) against a real server."""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
from PIL import Image

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

    def first_article_sent(self, token: str, user: str, note: str) -> dict[str, Any]:
        """A build-and-hold order of `user`'s whose first article staff sent (API `token`).

        Made over the API as staff would: approved, in production, one photo of stage
        `first_article`, sent with `note`. The order after the send.
        """
        staff = {"Authorization": f"Bearer {token}"}
        order = self.order(user, first_article=True)
        order = self.staff_walk(token, order, "approved", "in_production")
        photo = self.http.post(
            f"/api/v1/orders/{order['id']}/photos",
            files={"file": ("first.jpg", jpeg((90, 140, 60)), "image/jpeg")},
            data={"stage": "first_article"},
            headers=staff,
        )
        assert photo.status_code == 201, photo.text
        sent = self.http.post(
            f"/api/v1/orders/{order['id']}/first-article/send",
            json={"version": order["version"], "note": note},
            headers=staff,
        )
        assert sent.status_code == 200, sent.text
        found = self.http.get(f"/api/v1/orders/{order['id']}", headers=staff)
        assert found.json()["status"] == "first_article", found.text
        moved: dict[str, Any] = found.json()
        return moved

    def events(self, user: str) -> list[dict[str, Any]]:
        """Every event the customer's feed holds so far."""
        response = self.http.get("/api/v1/events?after=0&wait=0", headers=customer(user))
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()["events"]
        return found

    def bot_headers(self, user: str) -> dict[str, str]:
        """The bot's credentials acting for a customer."""
        return customer(user)


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> bytes:
    """A real JPEG of one colour, as a phone takes."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


__all__ = ["BOT_KEY", "Shop"]
