"""The first article's words in chat: the customer's message and the staff card's line.

Pure functions of the backend's answers, so their wording (English and Russian) is tested
without a bot: `tests/test_bot/test_first_article_texts.py`.
"""

from __future__ import annotations

from bot.first_article_api import FirstArticleView
from bot.i18n import Translator
from bot.render import esc, short

#: Characters of a note the customer's message shows (the backend keeps up to 2000).
NOTE_SHOWN = 1500


def sent_text(tr: Translator, *, number: int, quantity: int, note: str | None) -> str:
    """The customer's message under the first article's photos: approve, or ask for changes."""
    rest = max(quantity - 1, 1)
    if note and note.strip():
        return tr(
            "fa_sent_note", number=number, rest=rest, note=esc(short(note.strip(), NOTE_SHOWN))
        )
    return tr("fa_sent", number=number, rest=rest)


def decided_text(tr: Translator, *, kind: str, number: int, quantity: int, note: str | None) -> str:
    """The customer's confirmation of a decision (theirs, or one staff recorded for them)."""
    if kind == "first_article_approved":
        return tr("event_first_article_approved", number=number, rest=max(quantity - 1, 1))
    return tr(
        "event_first_article_changes", number=number, note=esc(short(note or "—", NOTE_SHOWN))
    )


def staff_lines(tr: Translator, view: FirstArticleView, status: str) -> list[str]:
    """The staff card's lines: where the first article stands and what to do next.

    Before production (`status`) only that one is owed; in production, what to do for it.
    """
    if view.state == "not_required":
        return []
    if view.state == "making" and status != "in_production":
        return [tr("staff_fa_required")]
    last = view.rounds[-1] if view.rounds else None
    if view.state == "approved":
        approved = next(r for r in view.rounds if r.decision == "approved")
        return [tr("staff_fa_approved", round=approved.round)]
    if view.state == "awaiting_approval" and last is not None:
        return [tr("staff_fa_awaiting", round=last.round)]
    lines = []
    if last is not None and last.decision == "changes":
        note = esc(short(last.decision_note or "—"))
        lines.append(tr("staff_fa_changes", round=last.round, note=note))
    lines.append(tr("staff_fa_making", photos=len(view.unsent_photos)))
    return lines
