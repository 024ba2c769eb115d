"""Texts: Russian mirrors English, and the language follows the user's Telegram setting."""

from __future__ import annotations

import string

import pytest

from backend.orders.state import OrderStatus
from bot.i18n import EN, RU, Translator, language_of
from geometry.errors import GeometryError


def _codes(error: type[GeometryError]) -> set[str]:
    return {error.code}.union(*(_codes(sub) for sub in error.__subclasses__()))


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_russian_text_has_an_english_one_and_no_placeholder_of_its_own() -> None:
    for key, text in RU.items():
        if key.startswith(("warn_", "error_", "line_", "reason_", "void_trap_")):
            continue  # English warnings, errors, lines and reasons come with the data
        assert key in EN, key
        assert _fields(text) <= _fields(EN[key]), key  # Russian may leave a word out


def test_customers_get_russian_when_telegram_says_ru_and_english_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert language_of("ru") == "ru"
    assert language_of("ru-RU") == "ru"
    assert language_of("de") == "en"
    assert language_of(None) == "en"
    assert "документом" in Translator("ru")("start")
    monkeypatch.delitem(RU, "staff_only")
    assert Translator("ru")("staff_only") == EN["staff_only"]  # falls back, never blank


def test_every_geometry_error_code_has_a_russian_sentence_and_english_keeps_its_own() -> None:
    codes = _codes(GeometryError)
    assert {"unsupported_format", "corrupt_file", "not_solid", "timeout"} <= codes
    for code in codes:
        russian = Translator("ru").geometry_error(code, "English detail")
        assert russian != "English detail" and any("а" <= c <= "я" for c in russian), code
        assert Translator("en").geometry_error(code, "English detail") == "English detail"
    # A code the bot does not know yet keeps the backend's sentence rather than nothing.
    assert Translator("ru").geometry_error("some_new_code", "Detail") == "Detail"


def test_every_staff_text_has_a_russian_one() -> None:
    staff = [key for key in EN if key.startswith("staff_")]
    assert staff and all(key in RU for key in staff)


def test_every_order_status_has_words_in_both_languages() -> None:
    """/orders and /track name each status; one without a text would show its raw id."""
    for status in OrderStatus:
        assert f"status_{status}" in EN and f"status_{status}" in RU, status
