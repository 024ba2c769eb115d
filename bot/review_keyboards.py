"""Buttons of manual review and of accepting a risk; payloads from `bot.callbacks`."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.api import Comparison
from bot.callbacks import AskPersonCb, QuoteAction, QuoteCb, ReviewAction, ReviewCb
from bot.i18n import Translator


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def all_refused(comparison: Comparison) -> bool:
    """Every process and material refused the part."""
    return bool(comparison.quotes) and not any(q.feasible for q in comparison.quotes)


def with_ask_person(
    tr: Translator, part_id: str, markup: InlineKeyboardMarkup
) -> InlineKeyboardMarkup:
    """The refused part's buttons and one more: ask a person to price it."""
    ask = [_button(tr("review_ask_part"), AskPersonCb(part=part_id).pack())]
    return InlineKeyboardMarkup(inline_keyboard=[*markup.inline_keyboard, ask])


def risk_keyboard(tr: Translator, quote_id: str) -> InlineKeyboardMarkup:
    """Accept the listed risks and order, or send a revised file instead."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(
                    tr("risk_accept"), QuoteCb(quote=quote_id, action=QuoteAction.CONFIRM).pack()
                )
            ],
            [_button(tr("risk_revise"), QuoteCb(quote=quote_id, action=QuoteAction.REVISE).pack())],
        ]
    )


def staff_review_keyboard(tr: Translator, review_id: str, priced: bool) -> InlineKeyboardMarkup:
    """Approve the instant price (when there is one) or set a price."""
    row = [
        _button(
            tr("staff_review_price"), ReviewCb(review=review_id, action=ReviewAction.PRICE).pack()
        )
    ]
    if priced:
        approve = ReviewCb(review=review_id, action=ReviewAction.APPROVE).pack()
        row.insert(0, _button(tr("staff_review_approve"), approve))
    return InlineKeyboardMarkup(inline_keyboard=[row])
