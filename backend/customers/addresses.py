"""An address as sent, checked field by field, and as the API shows it."""

from __future__ import annotations

from backend.customers.contacts import check_name, check_phone
from backend.customers.countries import require_ships_to
from backend.customers.errors import AddressIncomplete
from backend.customers.postcodes import check_postcode
from backend.customers.repository import AddressRow
from backend.customers.schemas import Address, AddressInput
from pricing import RateCard

#: The fields an address needs, in the order a customer is asked, with the words for them.
REQUIRED = (
    ("recipient", "the recipient's name"),
    ("line1", "the street and house number"),
    ("postcode", "the postcode"),
    ("city", "the city"),
    ("country", "the country"),
)


def checked_address(data: AddressInput, card: RateCard) -> AddressRow:
    """The address in `data`, tidied and checked (id, customer and dates left to fill).

    Raises:
        AddressIncomplete: a required field is missing (`field` names it).
        CountryNotShipped: the shop does not send parts to the country.
        InvalidPostcode: the postcode is not of the country's form.
        InvalidName: a field is too long or has control characters.
    """
    for field, words in REQUIRED:
        if not getattr(data, field).strip():
            raise AddressIncomplete(f"The address needs {words}.", field=field)
    country = data.country.strip().upper()
    require_ships_to(card, country)
    return AddressRow(
        id="", customer="",
        recipient=check_name(data.recipient, what="recipient"),
        company=_optional(data.company, "company"),
        line1=check_name(data.line1, what="street"),
        line2=_optional(data.line2, "second address line"),
        city=check_name(data.city, what="city"),
        postcode=check_postcode(country, data.postcode),
        region=_optional(data.region, "region"),
        country=country,
        phone=check_phone(data.phone, country) if data.phone.strip() else "",
        is_default=False, created_at="", removed_at=None,
    )  # fmt: skip


def _optional(text: str, what: str) -> str:
    return check_name(text, what=what) if text.strip() else ""


def address_of(row: AddressRow) -> Address:
    """A stored address as the API shows it."""
    return Address(
        id=row.id, recipient=row.recipient, company=row.company, line1=row.line1,
        line2=row.line2, city=row.city, postcode=row.postcode, region=row.region,
        country=row.country, phone=row.phone, default=row.is_default,
    )  # fmt: skip
