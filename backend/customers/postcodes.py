"""Postcode forms per country: one table of patterns, for the countries with a simple known one.

A country without a pattern here takes any short postcode of letters, digits, spaces and dashes.
"""

from __future__ import annotations

import re

from backend.customers.errors import InvalidPostcode

#: country: (pattern of the whole postcode, an example shown to the customer).
POSTCODES: dict[str, tuple[str, str]] = {
    "DE": (r"\d{5}", "10115"),
    "AT": (r"\d{4}", "1010"),
    "CH": (r"\d{4}", "8001"),
    "BE": (r"\d{4}", "1000"),
    "DK": (r"\d{4}", "1050"),
    "NO": (r"\d{4}", "0150"),
    "NL": (r"\d{4} ?[A-Z]{2}", "1012 AB"),
    "FR": (r"\d{5}", "75001"),
    "IT": (r"\d{5}", "00118"),
    "ES": (r"\d{5}", "28001"),
    "FI": (r"\d{5}", "00100"),
    "PL": (r"\d{2}-\d{3}", "00-001"),
    "CZ": (r"\d{3} ?\d{2}", "110 00"),
    "SK": (r"\d{3} ?\d{2}", "811 01"),
    "SE": (r"\d{3} ?\d{2}", "111 22"),
    "PT": (r"\d{4}-\d{3}", "1000-001"),
    "GB": (r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", "SW1A 1AA"),
    "US": (r"\d{5}(-\d{4})?", "10001"),
    "RU": (r"\d{6}", "101000"),
}
_COMPILED = {country: re.compile(pattern) for country, (pattern, _) in POSTCODES.items()}
_ANY = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,11}")


def check_postcode(country: str, text: str) -> str:
    """The postcode in `text` for `country`, upper case with single spaces.

    Raises:
        InvalidPostcode: it does not have the country's form.
    """
    postcode = " ".join(text.upper().split())
    pattern = _COMPILED.get(country, _ANY)
    if pattern.fullmatch(postcode):
        return postcode
    example = POSTCODES.get(country)
    hint = f" (like {example[1]})" if example else ""
    raise InvalidPostcode(f"That postcode does not look right for {country}{hint}.")
