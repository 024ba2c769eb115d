"""Texts: Russian mirrors English, and the language follows the user's Telegram setting."""

from __future__ import annotations

import string

from bot.i18n import EN, RU, Translator, language_of


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_russian_text_has_an_english_one_and_no_placeholder_of_its_own() -> None:
    for key, text in RU.items():
        if key.startswith("warn_"):
            continue  # English warnings come with the geometry report
        assert key in EN, key
        assert _fields(text) <= _fields(EN[key]), key  # Russian may leave a word out


def test_customers_get_russian_when_telegram_says_ru_and_english_otherwise() -> None:
    assert language_of("ru") == "ru"
    assert language_of("ru-RU") == "ru"
    assert language_of("de") == "en"
    assert language_of(None) == "en"
    assert "документом" in Translator("ru")("start")
    assert Translator("ru")("staff_only") == EN["staff_only"]  # falls back, never blank
