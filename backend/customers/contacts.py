"""A customer's name, e-mail and phone, checked and put in one form (offline: no DNS, no SMS)."""

from __future__ import annotations

import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from backend.customers.errors import InvalidEmail, InvalidName, InvalidPhone

MAX_NAME = 100
MAX_EMAIL = 254
MAX_PHONE = 32


def check_name(text: str, *, what: str = "name", cls: type[InvalidName] = InvalidName) -> str:
    """`text` with its spaces tidied: 1-100 characters and no control characters.

    Raises:
        InvalidName: empty, too long, or with control characters (or `cls`, its kind).
    """
    name = " ".join(text.split())
    if not name:
        raise cls(f"Please give a {what}.")
    if len(name) > MAX_NAME:
        raise cls(f"The {what} is too long: at most {MAX_NAME} characters.")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise cls(f"The {what} has characters that cannot be printed.")
    return name


def check_email(text: str) -> str:
    """The e-mail address in `text`, its domain in lower case (deliverability is not checked).

    Raises:
        InvalidEmail: not an address.
    """
    typed = text.strip()
    if not typed or len(typed) > MAX_EMAIL:
        raise InvalidEmail(_EMAIL)
    try:
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidEmail(_EMAIL) from exc


def check_phone(text: str, region: str) -> str:
    """The phone number in `text` as E.164 (+4930123456).

    A number without "+" is read as dialled in `region` (the customer's country, or the shop's).

    Raises:
        InvalidPhone: not a number that can be dialled.
    """
    typed = text.strip()
    if not typed or len(typed) > MAX_PHONE:
        raise InvalidPhone(_PHONE)
    try:
        number = phonenumbers.parse(typed, None if typed.startswith("+") else region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(_PHONE) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = "That is not an e-mail address; it looks like name@example.com."
_PHONE = (
    "That is not a phone number we can call; write it with the country code, like +49 30 1234567."
)
