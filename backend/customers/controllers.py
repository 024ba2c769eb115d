"""`/api/v1/profile` (a customer's own) and `/api/v1/customers/{customer}` (staff)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from backend.auth.schemas import Principal
from backend.customers.schemas import (
    AccountTerms,
    Address,
    AddressInput,
    Profile,
    ProfileUpdate,
    TelegramName,
)
from backend.customers.service import CustomerService
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, errors


class ProfileController(Controller):
    """The customer's own profile and shipping addresses."""

    path = "/api/v1/profile"
    tags = ("profile",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def read(
        self, principal: NamedDependency[Principal], customers: NamedDependency[CustomerService]
    ) -> Profile:
        """The caller's profile; empty fields before they gave them (`complete` is false)."""
        return await customers.get(principal)

    @patch("/", responses=errors(*CALLER, TOO_LARGE, 422))
    async def change(
        self,
        data: JSONBody[ProfileUpdate],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> Profile:
        """Change the fields sent (each checked; a refused one changes nothing)."""
        return await customers.update(principal, data)

    @put("/telegram-name", status_code=204, responses=errors(*CALLER, TOO_LARGE))
    async def keep_telegram_name(
        self,
        data: JSONBody[TelegramName],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> None:
        """The bot saw the customer: keep their Telegram name (the first one sent stays)."""
        await customers.keep_telegram_name(principal, data)

    @post("/addresses", status_code=201, responses=errors(*CALLER, TOO_LARGE, 422))
    async def add_address(
        self,
        data: JSONBody[AddressInput],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> Address:
        """Add a shipping address (checked: required fields, postcode, a country shipped to)."""
        return await customers.add_address(principal, data)

    @delete("/addresses/{address_id:str}", status_code=200, responses=errors(*ONE))
    async def remove_address(
        self,
        address_id: FromPath[str],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> Profile:
        """Take an address off the profile; orders made with it keep their copy."""
        return await customers.remove_address(principal, address_id)

    @post("/addresses/{address_id:str}/default", status_code=200, responses=errors(*ONE))
    async def make_default(
        self,
        address_id: FromPath[str],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> Profile:
        """Make this address the one orders start with."""
        return await customers.make_default(principal, address_id)


class CustomerController(Controller):
    """Staff: any customer's profile and account terms."""

    path = "/api/v1/customers/{customer:str}"
    tags = ("profile",)
    security = BEARER

    @get("/profile", responses=errors(*ONE))
    async def profile(
        self,
        customer: FromPath[str],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> Profile:
        """The customer's profile (staff only); `customer` is their Telegram user id."""
        return await customers.for_staff(principal, customer)

    @put("/account", responses=errors(*ONE, TOO_LARGE))
    async def account(
        self,
        customer: FromPath[str],
        data: JSONBody[AccountTerms],
        principal: NamedDependency[Principal],
        customers: NamedDependency[CustomerService],
    ) -> Profile:
        """Put the customer on account (NET `net_days`) or off it; who and when are recorded."""
        return await customers.set_terms(principal, customer, data)
