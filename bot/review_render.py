"""Texts of manual review: a quote in review, the reviewed quote, staff review cards, risks.

Pure functions of backend answers and a translator, like `bot.render`.
"""

from __future__ import annotations

from bot.api import Order, Quote
from bot.i18n import Translator
from bot.render import clip, esc, money, quote_caption
from bot.review_models import QuoteWarning, Review, ReviewHit


def reason_text(tr: Translator, hit: ReviewHit) -> str:
    """One rule that sent a quote to a person, in words."""
    if hit.code == "warning":
        return tr(
            "reason_warning", warning=esc(tr.warning(hit.detail, hit.detail.replace("_", " ")))
        )
    if hit.code == "quantity_above":
        return tr("reason_quantity_above", limit=hit.detail.rpartition(":")[2])
    if hit.code in ("total_above", "tolerance", "drawing", "all_refused"):
        return tr(f"reason_{hit.code}", detail=esc(hit.detail))
    return esc(hit.code.replace("_", " "))


def reasons_text(tr: Translator, hits: list[ReviewHit]) -> str:
    """Every rule, joined."""
    return "; ".join(reason_text(tr, hit) for hit in hits)


def card_caption(tr: Translator, quote: Quote) -> str:
    """The quote card's caption: a range and the answer time in review, else the price."""
    if not quote.review_rules:
        return quote_caption(tr, quote)
    head = tr(
        "review_quote_card",
        name=esc(quote.filename),
        process=esc(tr.name(quote.process_name, quote.process_name_ru)),
        material=esc(tr.name(quote.material_name, quote.material_name_ru)),
        quantity=quote.quantity,
        lead=tr(f"lead_{quote.lead}"),
    )
    reasons = reasons_text(tr, quote.review_rules)
    hours = quote.answer_hours or 0
    if quote.price_range is None:
        note = tr("review_note_unpriced", reasons=reasons, hours=hours)
    else:
        low = money(quote.price_range.low, quote.currency)
        high = money(quote.price_range.high, quote.currency)
        note = tr("review_note", reasons=reasons, low=low, high=high, hours=hours)
    return clip(f"{head}\n{note}")


def reviewed_caption(tr: Translator, quote: Quote) -> str:
    """The quote a person's review made: what changed, their note, then the quote card."""
    lines = [tr("reviewed_head")]
    reviewed = quote.reviewed
    after = money(quote.total, quote.currency)
    if reviewed is None or reviewed.instant_total is None:
        lines.append(tr("reviewed_price_new", after=after))
    elif reviewed.instant_total != quote.total:
        lines.append(
            tr("reviewed_price", before=money(reviewed.instant_total, quote.currency), after=after)
        )
    else:
        lines.append(tr("reviewed_same"))
    before_days = reviewed.instant_lead_time_days if reviewed else None
    if before_days is not None and before_days != quote.lead_time_days:
        lines.append(tr("reviewed_days", before=before_days, after=quote.lead_time_days))
    if reviewed is not None and reviewed.note:
        lines.append(tr("reviewed_note", note=esc(reviewed.note)))
    return clip("\n".join(lines) + "\n\n" + quote_caption(tr, quote))


def warnings_list(tr: Translator, warnings: list[QuoteWarning]) -> str:
    """The warnings as a bulleted list in the reader's language."""
    return "\n".join(f"• {esc(tr.warning(w.code, w.message))}" for w in warnings)


def staff_review_caption(tr: Translator, review: Review, decided: str | None = None) -> str:
    """The staff group's review card: what, for whom, why, the instant price, the due time."""
    what = review.process_name or ""
    if review.material_name:
        what += f" · {review.material_name}"
    what = f"{esc(what)} · {review.quantity}" if what else str(review.quantity)
    total = (
        money(review.instant_total, review.currency)
        if review.instant_total is not None
        else tr("not_priced")
    )
    lines = [
        tr(
            "staff_review_card",
            filename=esc(review.filename),
            customer=esc(review.customer),
            what=what,
            reasons=reasons_text(tr, review.reasons),
            total=total,
            due=review.due_at[:16].replace("T", " "),
        )
    ]
    if review.note:
        lines.append(tr("staff_review_customer_note", note=esc(review.note)))
    if decided:
        lines.append(decided)
    return clip("\n".join(lines))


def risks_line(tr: Translator, order: Order) -> str | None:
    """On the staff order card: the warnings the customer accepted, or None."""
    ack = order.acknowledged
    if ack is None or not ack.warnings:
        return None
    names = ", ".join(esc(tr.warning(w.code, w.message)) for w in ack.warnings)
    return tr("staff_risks", at=ack.at[:16].replace("T", " "), warnings=names)
