"""Who is calling: the principal every service call is made for."""

from __future__ import annotations

from typing import Literal

from backend.structs import Struct

Role = Literal["customer", "bot", "staff", "admin"]
StaffRole = Literal["staff", "admin"]


class Principal(Struct, frozen=True):
    """The caller: a customer (through the bot), the bot itself, or a member of staff."""

    role: Role
    name: str  # the customer's Telegram user id, "bot", or the staff member's name
    customer: str | None = None  # the Telegram user id, for customers only

    @property
    def is_staff(self) -> bool:
        """Staff and admins may see everything and move orders."""
        return self.role in ("staff", "admin")

    @property
    def actor(self) -> str:
        """How history records this caller: `customer:123`, `staff:alice`, `bot`."""
        if self.role == "customer":
            return f"customer:{self.customer}"
        if self.is_staff:
            return f"staff:{self.name}"
        return "bot"


class Me(Struct, frozen=True):
    """`GET /api/v1/me`: who the credentials belong to."""

    role: Role
    name: str
    customer: str | None
