"""The profile's and addresses' refusals, each with a stable code and a sentence for a customer."""

from __future__ import annotations

from backend.errors import Unprocessable


class InvalidName(Unprocessable):
    """A name (or company, recipient) that is empty, too long or has control characters."""

    code = "invalid_name"


class InvalidEmail(Unprocessable):
    """Not an e-mail address."""

    code = "invalid_email"


class InvalidPhone(Unprocessable):
    """Not a phone number that can be dialled."""

    code = "invalid_phone"


class InvalidVatId(Unprocessable):
    """Not an EU VAT ID (format and check digits)."""

    code = "invalid_vat_id"


class AddressIncomplete(Unprocessable):
    """An address without one of its required fields; the message names it."""

    code = "address_incomplete"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class InvalidPostcode(Unprocessable):
    """A postcode that does not have its country's form."""

    code = "invalid_postcode"
