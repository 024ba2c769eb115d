"""The specifications step on a quote card: which question comes next, and its buttons.

The step walks stages in order — threads (one question per group of holes drilled for a
thread), tolerance, finish, colour, inserts, first article, note — and leaves out a stage
the process or part has nothing for (a first article: when the shop offers none, or the
batch is one part). Every button carries the quote's id and where it stands, so the bot
keeps no state: the quote (its specifications) and the catalog say what to ask next.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.api import CatalogProcess, Quote, ThreadCandidate
from bot.callbacks import SpecCb, SpecStep
from bot.first_article_api import CatalogFirstArticle
from bot.i18n import Translator
from bot.render import money
from bot.spec_text import localised

#: Insert counts offered as buttons.
INSERT_COUNTS = (1, 2, 3, 4, 6, 8)
#: Marks the quote's current choice among the buttons.
CHOSEN = "• "


class Stage(IntEnum):
    """The questions of the step, in the order they are asked."""

    THREADS = 0
    TOLERANCE = 1
    FINISH = 2
    COLOUR = 3
    INSERTS = 4
    FIRST_ARTICLE = 5
    NOTE = 6


class Question(NamedTuple):
    """A question for the card's caption and the buttons that answer it."""

    text: str
    markup: InlineKeyboardMarkup


def colours_for(quote: Quote, process: CatalogProcess) -> list[str]:
    """The colours to choose from: the finish's when it takes one, else the material's."""
    finish = next((f for f in process.finishes if f.id == quote.finish), None)
    if finish is not None and finish.colours:
        return finish.colours
    material = next((m for m in process.materials if m.id == quote.material), None)
    return material.colours if material else []


def _button(
    text: str, quote: Quote, step: SpecStep, value: int = 0, count: int = 0
) -> list[InlineKeyboardButton]:
    data = SpecCb(quote=quote.id, step=step, value=value, count=count, process=quote.process)
    return [InlineKeyboardButton(text=text[:60], callback_data=data.pack())]


def _mark(text: str, chosen: bool) -> str:
    return (CHOSEN if chosen else "") + text


def _ending(tr: Translator, quote: Quote, next_stage: Stage | None) -> list[InlineKeyboardButton]:
    row = []
    if next_stage is not None:
        row += _button(tr("spec_skip"), quote, SpecStep.SKIP, int(next_stage))
    return row + _button(tr("spec_done"), quote, SpecStep.DONE)


def _threads(
    tr: Translator, quote: Quote, candidates: list[ThreadCandidate], index: int
) -> Question | None:
    chosen = {row.size for row in quote.threads}
    for at in range(index, len(candidates)):
        hole = candidates[at]
        if hole.thread in chosen:
            continue
        text = tr(
            "spec_thread_q",
            count=hole.count,
            diameter=f"{hole.diameter_mm:.2f}",
            thread=hole.thread,
        )
        yes = _button(tr("yes"), quote, SpecStep.THREAD_YES, at)
        no = _button(tr("no"), quote, SpecStep.THREAD_NO, at)
        rows = [yes + no, _ending(tr, quote, Stage.TOLERANCE)]
        return Question(text, InlineKeyboardMarkup(inline_keyboard=rows))
    return None


def _tolerance(tr: Translator, quote: Quote, process: CatalogProcess) -> Question | None:
    if len(process.tolerances) < 2:  # one tier is no choice
        return None
    rows = [
        _button(
            _mark(localised(tr, t.name, t.name_ru), t.id == quote.tolerance),
            quote,
            SpecStep.TOLERANCE,
            i,
        )
        for i, t in enumerate(process.tolerances)
    ]
    rows.append(_ending(tr, quote, Stage.FINISH))
    return Question(tr("spec_tolerance_q"), InlineKeyboardMarkup(inline_keyboard=rows))


def _finish(tr: Translator, quote: Quote, process: CatalogProcess) -> Question | None:
    if not process.finishes:
        return None
    rows = [_button(_mark(tr("spec_as_made"), quote.finish is None), quote, SpecStep.FINISH, 0)]
    rows += [
        _button(
            _mark(localised(tr, f.name, f.name_ru), f.id == quote.finish),
            quote,
            SpecStep.FINISH,
            i + 1,
        )
        for i, f in enumerate(process.finishes)
    ]
    rows.append(_ending(tr, quote, Stage.COLOUR))
    return Question(tr("spec_finish_q"), InlineKeyboardMarkup(inline_keyboard=rows))


def _colour(tr: Translator, quote: Quote, process: CatalogProcess) -> Question | None:
    colours = colours_for(quote, process)
    if len(colours) < 2:  # one colour is no choice
        return None
    buttons = [
        _button(_mark(tr.colour(c), c == quote.colour), quote, SpecStep.COLOUR, i)[0]
        for i, c in enumerate(colours)
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append(_ending(tr, quote, Stage.INSERTS))
    return Question(tr("spec_colour_q"), InlineKeyboardMarkup(inline_keyboard=rows))


def _inserts(tr: Translator, quote: Quote, process: CatalogProcess) -> Question | None:
    if not process.inserts:
        return None
    chosen = {row.size for row in quote.inserts}
    buttons = [
        _button(_mark(size, size in chosen), quote, SpecStep.INSERT, i)[0]
        for i, size in enumerate(process.inserts)
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    if quote.inserts:
        rows.append(_button(tr("spec_no_inserts"), quote, SpecStep.INSERT_COUNT, 0, 0))
    rows.append(_ending(tr, quote, Stage.FIRST_ARTICLE))
    return Question(tr("spec_inserts_q"), InlineKeyboardMarkup(inline_keyboard=rows))


def insert_counts(tr: Translator, quote: Quote, size: str, index: int) -> Question:
    """How many inserts of `size` (the catalog's `index`) the part takes."""
    buttons = [_button(str(n), quote, SpecStep.INSERT_COUNT, index, n)[0] for n in INSERT_COUNTS]
    rows = [buttons, _ending(tr, quote, Stage.FIRST_ARTICLE)]
    return Question(
        tr("spec_insert_count_q", size=size), InlineKeyboardMarkup(inline_keyboard=rows)
    )


def _first_article(
    tr: Translator, quote: Quote, offer: CatalogFirstArticle | None
) -> Question | None:
    """With or without a first article: offered by the card, for a batch of two parts or more."""
    if offer is None or quote.quantity < 2:  # a batch of one is its own first article
        return None
    text = tr(
        "spec_first_article_q", price=money(offer.price, quote.currency), days=offer.hold_days
    )
    rows = [
        _button(_mark(tr("spec_first_article_yes"), quote.first_article), quote,
                SpecStep.FIRST_ARTICLE, 1)
        + _button(_mark(tr("spec_first_article_no"), not quote.first_article), quote,
                  SpecStep.FIRST_ARTICLE, 0),
        _ending(tr, quote, Stage.NOTE),
    ]  # fmt: skip
    return Question(text, InlineKeyboardMarkup(inline_keyboard=rows))


def _note(tr: Translator, quote: Quote) -> Question:
    rows = [_button(tr("spec_add_note"), quote, SpecStep.NOTE), _ending(tr, quote, None)]
    return Question(tr("spec_note_q"), InlineKeyboardMarkup(inline_keyboard=rows))


def next_question(
    tr: Translator,
    quote: Quote,
    process: CatalogProcess,
    candidates: list[ThreadCandidate],
    stage: Stage,
    *,
    index: int = 0,
    offer: CatalogFirstArticle | None = None,
) -> Question:
    """The first question at or after `stage` (and thread candidate `index`) with a choice.

    `offer`: the shop's first-article terms (the catalog's; None: not offered).
    """
    found: Question | None = None
    if stage == Stage.THREADS and process.threads:
        found = _threads(tr, quote, candidates, index)
    if found is None and stage <= Stage.TOLERANCE:
        found = _tolerance(tr, quote, process)
    if found is None and stage <= Stage.FINISH:
        found = _finish(tr, quote, process)
    if found is None and stage <= Stage.COLOUR:
        found = _colour(tr, quote, process)
    if found is None and stage <= Stage.INSERTS:
        found = _inserts(tr, quote, process)
    if found is None and stage <= Stage.FIRST_ARTICLE:
        found = _first_article(tr, quote, offer)
    return found or _note(tr, quote)
