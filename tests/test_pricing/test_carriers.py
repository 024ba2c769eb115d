"""Carriers in the rate card: templates checked with the field's path, links built safely."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing import RateCardError, load_rate_card
from pricing.carriers import carrier_entries
from pricing.catalog import DEFAULT_CARD
from tests.test_pricing.test_catalog import replace_once, write_card
from vocabulary.tracking import carrier_for, template_problem, tracking_link

DEFAULT_TEXT = DEFAULT_CARD.read_text(encoding="utf-8")
DPD_URL = 'url = "https://tracking.dpd.de/status/en_US/parcel/{number}"'


def test_the_default_card_links_the_usual_carriers() -> None:
    carriers = load_rate_card().carriers
    names = {c.name_ru or c.name for c in carriers.values()} | {c.name for c in carriers.values()}
    for name in ("DHL", "UPS", "FedEx", "DPD", "GLS", "USPS", "Royal Mail", "Почта России", "СДЭК"):
        assert name in names, name
    for carrier in carriers.values():
        assert template_problem(carrier.url) is None
        assert urlsplit(carrier.url).scheme == "https"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://tracking.dpd.de/status/parcel", "{number} exactly once"),
        ("https://tracking.dpd.de/{number}/{number}", "{number} exactly once"),
        ("http://tracking.dpd.de/{number}", "https URL"),
        ("javascript:alert(1)//{number}", "https URL"),
        ("https:///{number}", "https URL"),
        ('https://tracking.dpd.de/"><b>{number}', "quotes or angle brackets"),
    ],
)
def test_a_bad_tracking_template_is_refused_with_the_fields_path(
    tmp_path: Path, url: str, problem: str
) -> None:
    path = write_card(tmp_path, replace_once(DEFAULT_TEXT, DPD_URL, f"url = '{url}'"))
    with pytest.raises(RateCardError) as caught:
        load_rate_card(path)
    assert str(caught.value).startswith(f"{path}: carriers.dpd.url: url must")
    assert problem in str(caught.value)


def test_a_carrier_id_the_card_cannot_name_is_refused(tmp_path: Path) -> None:
    text = replace_once(DEFAULT_TEXT, "[carriers.dpd]", '[carriers."DPD Express"]')
    with pytest.raises(RateCardError, match="carriers"):
        load_rate_card(write_card(tmp_path, text))


def test_the_number_is_encoded_into_the_link() -> None:
    link = tracking_link("https://t.example/track?id={number}&lang=en", " JD01 46&x=1#<b> ")
    query = parse_qs(urlsplit(link).query)
    assert query == {"id": ["JD01 46&x=1#<b>"], "lang": ["en"]}
    assert "<" not in link and '"' not in link and " " not in link


@given(st.text(max_size=60))
def test_no_number_can_leave_its_place_in_the_link(number: str) -> None:
    link = tracking_link("https://t.example/p/{number}?x=1", number)
    parts = urlsplit(link)
    assert (parts.scheme, parts.hostname, parts.query, parts.fragment) == (
        "https", "t.example", "x=1", "",
    )  # fmt: skip
    assert unquote(parts.path.removeprefix("/p/")) == number.strip()
    assert not any(c in link for c in "<>\"' ")


def test_a_carrier_is_found_by_id_or_name_in_either_language() -> None:
    entries = carrier_entries(load_rate_card().carriers)
    assert carrier_for(entries, "dhl") == carrier_for(entries, " DHL ")
    assert carrier_for(entries, "royal mail") is not None
    assert carrier_for(entries, "Royal_Mail") is not None
    found = carrier_for(entries, "сдэк")
    assert found is not None and found[0] == "cdek"
    assert carrier_for(entries, "Pony Express") is None
    assert carrier_for(entries, "") is None
