"""A slipped order's message, its promised date in /track and a refused express quote."""

from __future__ import annotations

from typing import get_args

import msgspec

from backend.schedule.service import SlipReason
from bot.api import Order
from bot.i18n import Translator
from bot.notifier import SLIP_REASONS
from bot.render import track_text
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


def test_track_shows_the_promised_date_until_the_order_ships() -> None:
    made = Order(
        id="ord_1", number=7, quote_id="quo_1", part_id="prt_1", customer="1001",
        status="in_production", version=3, created_at="2027-03-01T07:00:00Z", history=[],
        next_statuses=[], promised_ship_date="2027-03-15",
    )  # fmt: skip
    assert "📅 Отгрузка до 2027-03-15" in track_text(RU, made)
    assert "Ships by 2027-03-15" in track_text(EN, made)
    shipped = msgspec.structs.replace(made, status="shipped")
    assert "2027-03-15" not in track_text(EN, shipped)
