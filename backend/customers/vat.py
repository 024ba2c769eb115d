"""EU VAT IDs (format and check digits, offline) and when the reverse charge applies."""

from __future__ import annotations

from typing import NamedTuple

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

from backend.customers.errors import InvalidVatId

#: VAT prefixes that are not the country's ISO code.
_PREFIX_COUNTRY = {"EL": "GR"}
MAX_VAT_ID = 20


class VatId(NamedTuple):
    """A checked VAT ID, compact with its prefix (DE136695976), and its country."""

    number: str
    country: str  # ISO alpha-2; XI for Northern Ireland


def check_vat_id(text: str) -> VatId:
    """The VAT ID in `text`, compacted and checked (an EU member state's or Northern Ireland's).

    Raises:
        InvalidVatId: not a VAT ID of that form, or its check digits are wrong.
    """
    typed = text.strip()
    if not typed or len(typed) > 2 * MAX_VAT_ID:
        raise InvalidVatId(_MESSAGE)
    try:
        number = eu_vat.validate(typed)
    except (ValidationError, ValueError) as exc:
        raise InvalidVatId(_MESSAGE) from exc
    prefix = number[:2].upper()
    return VatId(number=number, country=_PREFIX_COUNTRY.get(prefix, prefix))


def vat_country(number: str) -> str:
    """The country of a stored (already checked) VAT ID; '' for none."""
    if not number:
        return ""
    prefix = number[:2].upper()
    return _PREFIX_COUNTRY.get(prefix, prefix)


def reverse_charge(number: str, shop_country: str) -> bool:
    """Whether the buyer accounts for the VAT: a valid EU VAT ID of another country than the shop's.

    Northern Ireland's (XI) counts as the United Kingdom's for a shop there.
    """
    if not number or not eu_vat.is_valid(number):
        return False
    country = vat_country(number)
    home = "XI" if shop_country == "GB" else shop_country
    return country != home


_MESSAGE = (
    "That is not a valid EU VAT ID: it starts with the country code (like DE) followed by the"
    " number, and its check digits must match."
)
