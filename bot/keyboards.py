"""Inline keyboards: every button's payload is a `CallbackData` from `bot.callbacks`."""

from __future__ import annotations

from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.api import Catalog, ComparedQuote, Comparison, Order, Quote
from bot.callbacks import (
    LEADS,
    ClaimCb,
    FirstArticleCb,
    InfeasibleCb,
    MaterialCb,
    ProcessCb,
    QuoteAction,
    QuoteCb,
    RateCb,
    ReorderCb,
    StaffAction,
    StaffCb,
    UnitsCb,
)
from bot.i18n import Translator
from bot.render import first_reason, money
from vocabulary import UNITS

QUANTITY_PRESETS = (1, 10, 50, 100, 500)
#: Marks the quote's own quantity and lead tier among the buttons.
CURRENT = "• "

#: The staff buttons for an order in each status, in the order they appear.
STAFF_MOVES: dict[str, tuple[StaffAction, ...]] = {
    "pending_review": (StaffAction.APPROVE, StaffAction.REJECT),
    "approved": (StaffAction.START,),
    "in_production": (StaffAction.QC,),
    "qc": (StaffAction.PASS, StaffAction.FAIL),
    "packed": (StaffAction.SHIP,),
    "shipped": (StaffAction.DELIVER,),
}
#: The status each staff action moves an order to.
STAFF_TARGET: dict[StaffAction, str] = {
    StaffAction.APPROVE: "approved",
    StaffAction.REJECT: "rejected",
    StaffAction.START: "in_production",
    StaffAction.QC: "qc",
    StaffAction.PASS: "packed",
    StaffAction.FAIL: "in_production",
    StaffAction.SHIP: "shipped",
    StaffAction.DELIVER: "delivered",
    StaffAction.SEND_FIRST_ARTICLE: "first_article",  # by its own call, not a plain move
}
STAFF_LABEL = {
    StaffAction.APPROVE: "staff_approve",
    StaffAction.REJECT: "staff_reject",
    StaffAction.START: "staff_start",
    StaffAction.QC: "staff_qc",
    StaffAction.PASS: "staff_pass",
    StaffAction.FAIL: "staff_fail",
    StaffAction.SHIP: "staff_ship",
    StaffAction.DELIVER: "staff_deliver",
    StaffAction.SEND_FIRST_ARTICLE: "staff_send_first_article",
}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=rows)


def units_keyboard(tr: Translator, part_id: str) -> InlineKeyboardMarkup:
    """The units question's buttons: mm / inch / m, in the customer's language."""
    return _markup(
        [[_button(tr(f"unit_{u}"), UnitsCb(part=part_id, units=u).pack()) for u in UNITS]]
    )


def _refusal(tr: Translator, quote: ComparedQuote) -> str:
    return first_reason(tr, quote)


def _grouped(comparison: Comparison) -> dict[str, list[ComparedQuote]]:
    groups: dict[str, list[ComparedQuote]] = {}
    for quote in comparison.quotes:
        groups.setdefault(quote.process, []).append(quote)
    return groups


def _cheapest(quotes: list[ComparedQuote]) -> ComparedQuote | None:
    feasible = [q for q in quotes if q.feasible and q.unit_price is not None]
    return min(feasible, key=lambda q: Decimal(q.unit_price or "0"), default=None)


def process_keyboard(
    tr: Translator,
    part_id: str,
    comparison: Comparison,
    catalog: Catalog,
    *,
    on_quote: bool = False,
    quote_id: str = "",
) -> InlineKeyboardMarkup:
    """One button per process: its lowest unit price, or ✗ and the reason it can't be made.

    `on_quote`: the buttons replace a quote card's (Change), whose caption stays;
    `quote_id`: that card's quote, whose quantity and lead the next choice keeps.
    """
    rows = []
    part = "" if quote_id else part_id
    for process, quotes in _grouped(comparison).items():
        name = catalog.process_name(process, tr.language)
        best = _cheapest(quotes)
        if best is None:
            reason = _refusal(tr, quotes[0])
            label = tr("not_feasible", name=name) + (f": {reason}" if reason else "")
            rows.append([_button(label[:60], InfeasibleCb(part=part_id, process=process).pack())])
            continue
        price = money(best.unit_price or "", comparison.currency)
        # An estimate (an open mesh...) is priced, and says a person confirms it.
        key = "from_estimate" if best.review else "from_price"
        rows.append(
            [
                _button(
                    tr(key, name=name, price=price),
                    ProcessCb(part=part, process=process, on_quote=on_quote, quote=quote_id).pack(),
                )
            ]
        )
    return _markup(rows)


def material_keyboard(
    tr: Translator,
    part_id: str,
    process: str,
    comparison: Comparison,
    catalog: Catalog,
    *,
    on_quote: bool = False,
    quote_id: str = "",
) -> InlineKeyboardMarkup:
    """The materials of one process by name, priced or with their reason; and a way back."""
    rows = []
    part = "" if quote_id else part_id
    for quote in _grouped(comparison).get(process, []):
        name = catalog.material_name(process, quote.material, tr.language)
        if quote.feasible and quote.unit_price is not None:
            label = f"{name} · {money(quote.unit_price, comparison.currency)}"
            if quote.review:
                label = f"{name} · ≈ {money(quote.unit_price, comparison.currency)}"
            data = MaterialCb(
                part=part, process=process, material=quote.material, quote=quote_id
            ).pack()
        else:
            reason = _refusal(tr, quote)
            label = (tr("not_feasible", name=name) + (f": {reason}" if reason else ""))[:60]
            data = InfeasibleCb(part=part_id, process=process, material=quote.material).pack()
        rows.append([_button(label, data)])
    back = ProcessCb(part=part, process="", on_quote=on_quote, quote=quote_id).pack()
    rows.append([_button(tr("back"), back)])
    return _markup(rows)


def quote_keyboard(tr: Translator, quote: Quote) -> InlineKeyboardMarkup:
    """Quantity presets and a typed number, lead tiers, then Accept, Change and PDF."""

    def cb(action: QuoteAction, value: int = 0) -> str:
        return QuoteCb(quote=quote.id, action=action, value=value).pack()

    quantities = [
        _button((CURRENT if q == quote.quantity else "") + str(q), cb(QuoteAction.QUANTITY, q))
        for q in QUANTITY_PRESETS
    ]
    leads = [
        _button(
            (CURRENT if lead == quote.lead else "") + tr(f"lead_{lead}"),
            cb(QuoteAction.LEAD, index),
        )
        for index, lead in enumerate(LEADS)
        # A tier the schedule cannot make now (express, in a full shop) is left out.
        if quote.leads is None or lead in quote.leads or lead == quote.lead
    ]
    return _markup(
        [
            quantities,
            [
                _button(tr("qty_other"), cb(QuoteAction.TYPE_QUANTITY)),
                _button(tr("specs"), cb(QuoteAction.SPECS)),
            ],
            leads,
            [
                # In review a person must check it first: the customer sends it to them.
                _button(tr("review_ask"), cb(QuoteAction.REVIEW))
                if quote.review_rules
                else _button(
                    tr("accept_estimate" if quote.review else "accept"), cb(QuoteAction.ACCEPT)
                ),
                # Straight to the process list with the quote's id: the new choice keeps
                # its quantity and lead tier and replaces it on this card.
                _button(
                    tr("change"),
                    ProcessCb(part="", process="", on_quote=True, quote=quote.id).pack(),
                ),
                _button(tr("pdf"), cb(QuoteAction.PDF)),
            ],
            [_button(tr("details"), cb(QuoteAction.DETAILS))],
        ]
    )


def is_current(markup: InlineKeyboardMarkup | None, data: str | None) -> bool:
    """Whether the pressed button (`data`) is marked as the card's own quantity or lead tier.

    The card says what the quote is, so the bot needs no request to see nothing changes.
    """
    buttons = [b for row in markup.inline_keyboard for b in row] if markup else []
    return any(b.callback_data == data and b.text.startswith(CURRENT) for b in buttons)


def staff_keyboard(
    tr: Translator, order: Order, *, first_article_pending: bool = False
) -> InlineKeyboardMarkup | None:
    """The moves staff can make on an order now (none once it is finished).

    `first_article_pending`: the order in production still owes its customer a first
    article, so the card offers to send one instead of moving the batch on to QC.
    """
    actions = [
        a for a in STAFF_MOVES.get(order.status, ()) if STAFF_TARGET[a] in order.next_statuses
    ]
    if first_article_pending and order.status == "in_production":
        actions = [StaffAction.SEND_FIRST_ARTICLE, *(a for a in actions if a != StaffAction.QC)]
    if not actions:
        return None
    return _markup(
        [
            [
                _button(
                    tr(STAFF_LABEL[a]),
                    StaffCb(order=order.id, action=a, version=order.version).pack(),
                )
                for a in actions
            ]
        ]
    )


def first_article_buttons(tr: Translator, order_id: str) -> list[InlineKeyboardButton]:
    """✅ Approve and ✏️ Ask for changes, for an order's first article awaiting its customer."""
    return [
        _button(tr("fa_approve_button"), FirstArticleCb(order=order_id, approve=True).pack()),
        _button(tr("fa_changes_button"), FirstArticleCb(order=order_id, approve=False).pack()),
    ]


def rating_keyboard(
    order_id: str, reorder: str | None = None, claim: str | None = None
) -> InlineKeyboardMarkup:
    """1 to 5 stars; with a `reorder` label a Reorder button, with a `claim` label a claim's."""
    rows = [[_button("★" * n, RateCb(order=order_id, stars=n).pack()) for n in range(1, 6)]]
    if reorder is not None:
        rows.append([_button(reorder, ReorderCb(order=order_id).pack())])
    if claim is not None:
        rows.append([_button(claim, ClaimCb(order=order_id).pack())])
    return _markup(rows)


def rating_send_keyboard(tr: Translator, order_id: str, stars: int) -> InlineKeyboardMarkup:
    """Send the chosen stars without a comment."""
    return _markup(
        [[_button(tr("rate_send"), RateCb(order=order_id, stars=stars, send=True).pack())]]
    )


def link_keyboard(text: str, url: str) -> InlineKeyboardMarkup:
    """One button opening a web page."""
    return _markup([[InlineKeyboardButton(text=text, url=url)]])
