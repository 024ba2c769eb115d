"""A slipped order's message and a refused express quote, in English and Russian."""

from __future__ import annotations

from typing import get_args

from backend.schedule.service import SlipReason
from bot.i18n import Translator
from bot.notifier import SLIP_REASONS
from tests.russian import assert_russian

EN, RU = Translator("en"), Translator("ru")


def test_the_bot_words_every_reason_the_backend_gives() -> None:
    assert set(get_args(SlipReason)) == SLIP_REASONS
    for reason in SLIP_REASONS:
        assert EN(f"slip_{reason}") != RU(f"slip_{reason}")


def test_a_russian_speaker_reads_slips_and_refused_express_in_russian() -> None:
    texts = [
        RU(key, number=12, ship_date="2027-03-15", reason=RU(f"slip_{reason}"))
        for key in ("event_slipped", "staff_slipped")
        for reason in SLIP_REASONS
    ]
    texts.append(RU.backend_error("express_unavailable", "The shop has no capacity."))
    assert_russian(texts)
    assert "2027-03-15" in texts[0] and "12" in texts[0]
    assert "standard" in EN.backend_error("express_unavailable", "unused")
