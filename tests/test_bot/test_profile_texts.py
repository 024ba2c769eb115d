"""The profile card and questions in both languages: what they show, and no English in Russian."""

from __future__ import annotations

import re

from bot.callbacks import MAX_CALLBACK_BYTES
from bot.i18n import Translator
from bot.profile_api import Address, Profile
from bot.profile_card import ProfileAction, ProfileCb, profile_keyboard, profile_text
from bot.profile_texts import PROFILE_EN, PROFILE_RU
from tests.russian import assert_russian

HOME = Address(id="adr_1", recipient="Anna", line1="Invalidenstr. 1", city="Berlin",
               postcode="10115", country="DE", default=True)  # fmt: skip
PROFILE = Profile(
    customer="1", name="Anna", email="anna@example.com", phone="+49301234567",
    vat_id="ATU13585627", vat_country="AT", reverse_charge=True, on_account=True, net_days=30,
    addresses=[HOME, Address(id="adr_2", recipient="Anna", line1="Keizersgracht 1",
                             city="Amsterdam", postcode="1015 CJ", country="NL")],
    complete=True,
)  # fmt: skip


def test_every_profile_text_has_a_russian_one_without_english_words() -> None:
    assert set(PROFILE_EN) <= set(PROFILE_RU)
    russian = Translator("ru")
    card = profile_text(russian, PROFILE)
    buttons = [b.text for row in profile_keyboard(russian, PROFILE).inline_keyboard for b in row]
    data = {"Anna", "anna@example.com", "ATU13585627", "Invalidenstr.", "Berlin", "Keizersgracht",
            "Amsterdam", "CJ"}  # fmt: skip
    templates = [re.sub(r"\{[a-z_]+\}", " ", text) for text in PROFILE_RU.values()]
    assert_russian([*templates, card, *buttons], allowed=data)


def test_the_card_marks_the_default_the_reverse_charge_and_the_terms() -> None:
    card = profile_text(Translator("en"), PROFILE)
    assert "VAT ID: ATU13585627 · reverse charge applies" in card
    assert "On account, NET 30" in card
    assert "1. Anna, Invalidenstr. 1, 10115 Berlin, Germany ⭐ default" in card
    assert "2. Anna, Keizersgracht 1, 1015 CJ Amsterdam, Netherlands" in card
    plain = profile_text(Translator("en"), Profile(customer="1"))
    assert "reverse charge" not in plain and "On account" not in plain
    assert "No address yet." in plain
    labels = [b.text for row in profile_keyboard(Translator("en"), PROFILE).inline_keyboard
              for b in row]  # fmt: skip
    assert "⭐ Default: 2" in labels and "⭐ Default: 1" not in labels
    assert "🗑 Remove 1" in labels and "🗑 Remove 2" in labels


def test_the_longest_profile_button_fits_telegrams_64_bytes() -> None:
    longest = ProfileCb(action=ProfileAction.REMOVE, value="adr_" + "f" * 28).pack()
    assert len(longest.encode()) <= MAX_CALLBACK_BYTES
