"""Conversation states: where the bot waits for typed text instead of a button."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class QuoteStates(StatesGroup):
    """The customer types a quantity for the quote card in `quote_id`/`card`."""

    quantity = State()


class SpecStates(StatesGroup):
    """The customer types a note for the quote card in `quote`/`card`."""

    note = State()


class RatingStates(StatesGroup):
    """The customer may type a comment for the stars they just chose."""

    comment = State()


class StaffStates(StatesGroup):
    """A staff member types a reason (reject, QC failed) or carrier and tracking (shipped)."""

    detail = State()


class ReviewStates(StatesGroup):
    """A staff member types a price, lead time and note for the review card in `review`/`card`."""

    price = State()


class ProfileStates(StatesGroup):
    """The customer answers the profile question in `pf_fields[0]` (text, contact or Skip)."""

    field = State()


class AddressStates(StatesGroup):
    """The customer answers the address question for the first field missing from `ad`."""

    field = State()


class ClaimStates(StatesGroup):
    """What is wrong with the delivered order in `claim_order`, in words, then its photos."""

    text = State()
    photos = State()


class FirstArticleStates(StatesGroup):
    """The customer says what should change in the first article of `fa_order`, in words."""

    changes = State()
