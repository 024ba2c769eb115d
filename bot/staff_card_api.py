"""The staff-card calls to the backend and the answer they mirror (mixed into `BackendClient`).

The backend keeps where each order's card sits in the staff group and the order version it
shows, so every bot replica, and a restarted bot, edits each card once per change.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


class StaffCardPlace(msgspec.Struct, frozen=True, kw_only=True):
    """An order's card in the staff group and the order version it shows."""

    chat_id: int
    message_id: int
    shown_version: int


class StaffCardCalls:
    """`/api/v1/events/cards/{order_id}`, for `BackendClient`."""

    async def _json(self, cls: type[T], method: str, path: str, **kwargs: Any) -> T:
        raise NotImplementedError  # BackendClient's own

    async def staff_card(self, order_id: str) -> StaffCardPlace:
        """Where the order's card sits (`BackendError` 404 if the bot never posted one)."""
        return await self._json(StaffCardPlace, "GET", f"/api/v1/events/cards/{order_id}")

    async def save_staff_card(
        self, order_id: str, place: StaffCardPlace, *, staff: int | None = None
    ) -> StaffCardPlace:
        """Record the card's place and the version it shows now (never moves back)."""
        body = msgspec.to_builtins(place)
        path = f"/api/v1/events/cards/{order_id}"
        return await self._json(StaffCardPlace, "PUT", path, json=body, staff=staff)
