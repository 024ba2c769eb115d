"""What the profile API takes and returns."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from backend.structs import Struct

#: Every text field is bounded at the edge; the service checks what is inside.
Text = Annotated[str, Meta(max_length=200)]
Country = Annotated[str, Meta(max_length=2)]
MAX_NET_DAYS = 120


class Address(Struct, frozen=True):
    """A shipping address of the customer's; `default` is the one orders start with."""

    id: str
    recipient: str
    company: str
    line1: str
    line2: str
    city: str
    postcode: str
    region: str
    country: str  # ISO 3166-1 alpha-2
    phone: str
    default: bool


class Profile(Struct, frozen=True):
    """`GET /profile`: who the customer is; `complete` once name, e-mail and phone are given.

    `reverse_charge`: the VAT ID is a valid EU one of another country than the shop's, so
    the customer accounts for the VAT. `on_account`: staff set NET `net_days` terms.
    """

    customer: str
    name: str
    company: str
    email: str
    phone: str
    vat_id: str
    vat_country: str
    reverse_charge: bool
    on_account: bool
    net_days: int
    addresses: list[Address]
    complete: bool
    account_by: str | None = None
    account_at: str | None = None


class ProfileUpdate(Struct, frozen=True):
    """`PATCH /profile`: only the fields sent change; "" clears the company or the VAT ID."""

    name: Text | None = None
    company: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    vat_id: Text | None = None


class AddressInput(Struct, frozen=True):
    """`POST /profile/addresses`: a new address; the customer's first one is the default."""

    recipient: Text = ""
    line1: Text = ""
    city: Text = ""
    postcode: Text = ""
    country: Country = ""
    company: Text = ""
    line2: Text = ""
    region: Text = ""
    phone: Text = ""
    default: bool = False


class AccountTerms(Struct, frozen=True):
    """`PUT /customers/{customer}/account` (staff): invoiced at shipping, due after `net_days`."""

    on_account: bool
    net_days: Annotated[int, Meta(ge=0, le=MAX_NET_DAYS)] = 30


class CustomerSummary(Struct, frozen=True):
    """One line of the console's customer list."""

    customer: str
    name: str
    company: str
    on_account: bool
    net_days: int


class TelegramName(Struct, frozen=True):
    """`PUT /api/v1/profile/telegram-name`: the customer's name as Telegram shows it.

    Sent by the bot the first time it sees a user; the first one kept stays (the console
    names a customer by it until they give a profile).
    """

    first_name: Annotated[str, Meta(max_length=64)] = ""
    last_name: Annotated[str, Meta(max_length=64)] = ""
    username: Annotated[str, Meta(max_length=32, pattern=r"^[A-Za-z0-9_]*$")] = ""
