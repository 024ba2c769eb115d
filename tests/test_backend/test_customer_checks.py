"""The profile's checks as pure functions: VAT IDs, phones, e-mail, names, postcodes, countries."""

from __future__ import annotations

import msgspec
import pytest

from backend.customers.contacts import check_email, check_name, check_phone
from backend.customers.countries import (
    CountryNotShipped,
    require_ships_to,
    ships_to,
    shop_country,
)
from backend.customers.errors import (
    InvalidEmail,
    InvalidName,
    InvalidPhone,
    InvalidPostcode,
    InvalidVatId,
)
from backend.customers.postcodes import POSTCODES, check_postcode
from backend.customers.vat import check_vat_id, reverse_charge
from pricing.catalog import load_rate_card
from vocabulary.countries import parse_country


@pytest.mark.parametrize(
    ("typed", "number", "country"),
    [
        ("DE 136,695,976", "DE136695976", "DE"),
        ("at u13585627", "ATU13585627", "AT"),
        ("NL004495445B01", "NL004495445B01", "NL"),
        ("EL 094259216", "EL094259216", "GR"),
        ("XI 123456782", "XI123456782", "XI"),
    ],
)
def test_valid_vat_ids_are_compacted_with_their_country(
    typed: str, number: str, country: str
) -> None:
    assert check_vat_id(typed) == (number, country)


@pytest.mark.parametrize(
    "typed", ["", "DE136695977", "DE12345", "US123456789", "136695976", "DE" + "1" * 50, "<b>"]
)
def test_malformed_vat_ids_are_refused(typed: str) -> None:
    with pytest.raises(InvalidVatId, match="VAT ID"):
        check_vat_id(typed)


def test_reverse_charge_needs_a_valid_id_from_another_country_than_the_shops() -> None:
    assert reverse_charge("ATU13585627", "DE")
    assert not reverse_charge("DE136695976", "DE")
    assert not reverse_charge("DE136695977", "AT")  # check digits wrong
    assert not reverse_charge("", "DE")
    assert not reverse_charge("XI123456782", "GB")


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("+49 30 1234567", "FR", "+49301234567"),
        ("030 1234567", "DE", "+49301234567"),
        ("(212) 555-0123", "US", "+12125550123"),
        ("8 916 123-45-67", "RU", "+79161234567"),
    ],
)
def test_phones_are_stored_as_e164_read_in_the_region_without_plus(
    typed: str, region: str, e164: str
) -> None:
    assert check_phone(typed, region) == e164


@pytest.mark.parametrize("typed", ["", "12", "call me", "+49 1", "+" + "1" * 40])
def test_bad_phones_are_refused(typed: str) -> None:
    with pytest.raises(InvalidPhone):
        check_phone(typed, "DE")


def test_email_is_checked_offline_and_its_domain_lower_cased() -> None:
    assert check_email(" Anna@Example.COM ") == "Anna@example.com"
    for bad in ("", "anna", "anna@", "@example.com", "anna@@example.com", "a" * 300 + "@x.de"):
        with pytest.raises(InvalidEmail):
            check_email(bad)


def test_names_are_bounded_and_printable() -> None:
    assert check_name("  Anna   Schmidt ") == "Anna Schmidt"
    for bad in ("", "   ", "A" * 101, "Anna\x00", "Anna\u202e"):
        with pytest.raises(InvalidName):
            check_name(bad)


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("DE", "10115", "10115"),
        ("NL", "1012ab", "1012AB"),
        ("GB", "sw1a  1aa", "SW1A 1AA"),
        ("PL", "00-950", "00-950"),
        ("US", "10001-1234", "10001-1234"),
        ("CZ", "110 00", "110 00"),
        ("IE", "D02 X285", "D02 X285"),  # no pattern: any short code
    ],
)
def test_postcodes_of_the_countrys_form_are_kept(country: str, typed: str, stored: str) -> None:
    assert check_postcode(country, typed) == stored


@pytest.mark.parametrize(
    ("country", "typed"),
    [("DE", "1011"), ("DE", "ABCDE"), ("AT", "10100"), ("PL", "00950"), ("GB", "12345"),
     ("RU", "10100"), ("IE", "<script>"), ("IE", "")],
)  # fmt: skip
def test_postcodes_of_another_form_are_refused_with_an_example(country: str, typed: str) -> None:
    with pytest.raises(InvalidPostcode) as refused:
        check_postcode(country, typed)
    if country in POSTCODES:
        assert POSTCODES[country][1] in refused.value.message


def test_every_required_country_has_a_postcode_form_whose_example_fits() -> None:
    for country in [
        "DE",
        "AT",
        "NL",
        "FR",
        "IT",
        "ES",
        "PL",
        "CZ",
        "BE",
        "DK",
        "SE",
        "GB",
        "US",
        "RU",
        "CH",
    ]:
        assert check_postcode(country, POSTCODES[country][1])


@pytest.mark.parametrize(
    ("typed", "code"),
    [("de", "DE"), ("Germany", "DE"), ("германия", "DE"), (" united  kingdom", "GB"),
     ("UK", "GB"), ("Россия", "RU"), ("narnia", None), ("", None), ("1x", None)],
)  # fmt: skip
def test_countries_are_read_from_codes_and_english_or_russian_names(
    typed: str, code: str | None
) -> None:
    assert parse_country(typed) == code


def test_addresses_are_checked_against_the_cards_shipping_countries() -> None:
    card = load_rate_card()  # the stock card: the EU and its neighbours
    assert ships_to(card, "DE") and ships_to(card, "GB") and ships_to(card, "NO")
    assert not ships_to(card, "US") and not ships_to(card, "RU")
    assert shop_country(card) == "DE"
    nowhere = msgspec.structs.replace(card, shipping=None)  # a card without [shipping]
    with pytest.raises(CountryNotShipped) as refused:
        require_ships_to(nowhere, "DE")
    assert "collection" in str(refused.value)
