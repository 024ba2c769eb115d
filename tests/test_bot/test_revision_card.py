"""Which card a reply names: a part card's buttons name its part, a quote card's its quote."""

from __future__ import annotations

from bot import callbacks as cb
from bot.revision_card import card_of

PART = "prt_0192f3a4b5c6d7e8f9a0b1c2d3e4"
QUOTE = "quo_0192f3a4b5c6d7e8f9a0b1c2d3e4"


def test_a_part_cards_buttons_name_its_part() -> None:
    for data in (
        cb.UnitsCb(part=PART, units="inch").pack(),
        cb.ProcessCb(part=PART, process="sla").pack(),
        cb.MaterialCb(part=PART, process="sla", material="tough").pack(),
    ):
        assert card_of(data) == (PART, None), data


def test_a_quote_cards_buttons_name_its_quote() -> None:
    assert card_of(cb.QuoteCb(quote=QUOTE, action=cb.QuoteAction.ACCEPT).pack()) == (None, QUOTE)


def test_other_buttons_name_nothing() -> None:
    for data in (
        cb.RateCb(order="ord_x", stars=4).pack(),
        cb.ReorderCb(order="ord_x").pack(),
        "garbage",
        "p:",
    ):
        assert card_of(data) == (None, None), data
