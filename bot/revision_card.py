"""A revision's card: which part a file revises, and what its card adds.

A file sent as a reply to one of the bot's cards revises that card's part: the part's id
(or the quote's, on a quote card) is read from the card's buttons, so the bot keeps no
state. Without a reply, the backend makes a file the next revision when the customer sent
a part of the same name before. The card of a revision shows what changed against the
previous one and, when that revision was quoted, the price of the same choice (the quote
replied to, else its latest) for the new one, whose quote card follows.
"""

from __future__ import annotations

from typing import NamedTuple

from aiogram.types import InlineKeyboardMarkup, Message

from bot.api import BackendClient, BackendError, Part, Quote
from bot.callbacks import InfeasibleCb, MaterialCb, ProcessCb, QuoteCb, UnitsCb
from bot.i18n import Translator
from bot.revision_text import revision_block

_PART_BUTTONS = (UnitsCb, ProcessCb, MaterialCb, InfeasibleCb)


class Replied(NamedTuple):
    """The part a reply revises, and the quote whose choice prices the revision, if any."""

    part_id: str
    quote_id: str | None = None


def _buttons(markup: InlineKeyboardMarkup | None) -> list[str]:
    if markup is None:
        return []
    return [b.callback_data for row in markup.inline_keyboard for b in row if b.callback_data]


def card_of(data: str) -> tuple[str | None, str | None]:
    """(part id, quote id) one button's payload names; (None, None) for any other button."""
    for kind in _PART_BUTTONS:
        try:
            return kind.unpack(data).part, None
        except (TypeError, ValueError):
            continue
    try:
        return None, QuoteCb.unpack(data).quote
    except (TypeError, ValueError):
        return None, None


async def replied_card(api: BackendClient, user: int, message: Message) -> Replied | None:
    """The part (and quote) of the bot's card `message` replies to; None for anything else."""
    replied = message.reply_to_message
    if replied is None:
        return None
    for data in _buttons(replied.reply_markup):
        part_id, quote_id = card_of(data)
        if part_id is not None:
            return Replied(part_id)
        if quote_id is not None:
            try:
                return Replied((await api.quote(user, quote_id)).part_id, quote_id)
            except BackendError as error:
                if error.code != "not_found":
                    raise
                return None
    return None


class RevisionNotes(NamedTuple):
    """What a revision's part card adds, and the new quote of the previous choice, if any."""

    text: str
    quote: Quote | None = None


async def revision_notes(
    api: BackendClient,
    tr: Translator,
    *,
    user: int,
    part: Part,
    chart: list[int],
    quote_id: str | None = None,
) -> RevisionNotes:
    """The changes against the previous revision and the price of the same choice.

    The new quote comes with its chart at the `chart` quantities, for its card. Empty for
    a first revision (or one whose earlier revisions were never measured).
    """
    if part.revision <= 1:
        return RevisionNotes("")
    try:
        changes = await api.changes(user, part.id)
    except BackendError as error:
        if error.code != "no_previous_revision":
            raise
        return RevisionNotes("")
    chosen = quote_id or changes.previous_quote_id
    if chosen is None:
        return RevisionNotes(revision_block(tr, part.filename, changes))
    before = await api.quote(user, chosen)
    try:
        after = await api.requote(user, chosen, part_id=part.id, chart=chart)
    except BackendError as error:
        if error.code != "not_feasible":
            raise
        return RevisionNotes(revision_block(tr, part.filename, changes, refusal=error.message))
    return RevisionNotes(revision_block(tr, part.filename, changes, (before, after)), after)
