"""The Russian checker itself: it finds English, and lets brands, commands and names pass."""

from __future__ import annotations

import pytest

from tests.russian import assert_russian, latin_words


def test_english_words_are_found_and_brands_pass() -> None:
    assert latin_words("Цена за штуку: €2.10 (+VAT €0.42)") == ["VAT"]
    assert latin_words("SLA-печать, PA12 (MJF), CAD-файл, 3MF") == []
    assert latin_words("Deburring per part: €1.00") == ["Deburring", "per", "part"]


def test_standard_designations_pass() -> None:
    assert latin_words("Допуски: ISO 2768-m (средний класс), отделка SPI A-2") == []
    assert latin_words("ISO 2768-m medium") == ["medium"]


def test_commands_tags_and_allowed_names_pass() -> None:
    text = "<b>featuretype.STL</b> · /track 12 · /orders"
    assert latin_words(text, allowed={"featuretype.STL"}) == []
    assert latin_words(text) == ["featuretype"]


def test_the_assertion_names_the_offending_text() -> None:
    with pytest.raises(AssertionError, match="Standard"):
        assert_russian(["Срок: Standard"])
    assert_russian(["Срок: Стандарт"])
