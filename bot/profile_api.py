"""The profile's calls to the backend and the answers they mirror (mixed into `BackendClient`)."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


class Model(msgspec.Struct, frozen=True, kw_only=True):
    """Base of the mirrored profile answers: unknown fields are ignored."""


class Address(Model, frozen=True, kw_only=True):
    """A shipping address of the customer's."""

    id: str
    recipient: str
    company: str = ""
    line1: str
    line2: str = ""
    city: str
    postcode: str
    region: str = ""
    country: str
    phone: str = ""
    default: bool = False


class Profile(Model, frozen=True, kw_only=True):
    """Who the customer is; `complete` once name, e-mail and phone are given."""

    customer: str
    name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    vat_id: str = ""
    vat_country: str = ""
    reverse_charge: bool = False
    on_account: bool = False
    net_days: int = 30
    addresses: list[Address] = []
    complete: bool = False


class ProfileCalls:
    """`/api/v1/profile` and the staff view of it, for `BackendClient`."""

    async def _json(self, cls: type[T], method: str, path: str, **kwargs: Any) -> T:
        raise NotImplementedError  # BackendClient's own

    async def _raw(self, method: str, path: str, **kwargs: Any) -> bytes:
        raise NotImplementedError  # BackendClient's own

    async def profile(self, user: int) -> Profile:
        """The customer's profile (empty fields before they gave them)."""
        return await self._json(Profile, "GET", "/api/v1/profile", user=user)

    async def update_profile(self, user: int, **fields: str) -> Profile:
        """Change the fields given ("" clears company or VAT ID); each is checked."""
        return await self._json(Profile, "PATCH", "/api/v1/profile", user=user, json=fields)

    async def keep_telegram_name(self, user: int, first: str, last: str, username: str) -> None:
        """Tell the backend the user's Telegram name (it keeps the first one it hears)."""
        body = {"first_name": first[:64], "last_name": last[:64], "username": username[:32]}
        await self._raw("PUT", "/api/v1/profile/telegram-name", user=user, json=body)

    async def add_address(self, user: int, fields: dict[str, Any]) -> Address:
        """Add a shipping address (the backend checks every field)."""
        return await self._json(
            Address, "POST", "/api/v1/profile/addresses", user=user, json=fields
        )

    async def remove_address(self, user: int, address_id: str) -> Profile:
        """Take an address off the profile."""
        path = f"/api/v1/profile/addresses/{address_id}"
        return await self._json(Profile, "DELETE", path, user=user)

    async def default_address(self, user: int, address_id: str) -> Profile:
        """Make an address the default."""
        path = f"/api/v1/profile/addresses/{address_id}/default"
        return await self._json(Profile, "POST", path, user=user)

    async def customer_profile(self, staff: int, customer: str) -> Profile:
        """A customer's profile as a staff member sees it."""
        path = f"/api/v1/customers/{customer}/profile"
        return await self._json(Profile, "GET", path, staff=staff)
