"""The texts of revision cards and re-order cards: pure functions of backend answers."""

from __future__ import annotations

from decimal import Decimal

from bot.api import PriceChange, Quote, Reorder, RevisionChanges
from bot.i18n import Translator
from bot.render import clip, esc, money, quote_caption

MAX_CHANGES = 6  # reasons listed on a card; the rest would crowd the price out


def signed_money(amount: str, currency: str) -> str:
    """`+€27.90`, `−€3.00`, `±€0.00`: a price difference (a decimal string) with its sign."""
    value = Decimal(amount)
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{money(amount.lstrip('+-'), currency)}"


def _size(values: list[float]) -> str:
    return " × ".join(f"{v:.1f}" for v in values[:3])


def _percent(before: float, after: float) -> str:
    if before <= 0:
        return "—"
    change = (after - before) / before * 100
    return f"{change:+.1f} %"


def geometry_lines(tr: Translator, changes: RevisionChanges) -> list[str]:
    """Size, volume, bodies and warnings against the previous revision, each only if changed."""
    if changes.same_file:
        return [tr("revision_same_file", previous=changes.previous_revision)]
    g = changes.geometry
    lines: list[str] = []
    if _size(g.size_before_mm) != _size(g.size_after_mm):
        lines.append(
            tr("revision_size", before=_size(g.size_before_mm), after=_size(g.size_after_mm))
        )
    before_cm3, after_cm3 = g.volume_before_mm3 / 1000, g.volume_after_mm3 / 1000
    if f"{before_cm3:.2f}" != f"{after_cm3:.2f}":
        lines.append(
            tr(
                "revision_volume",
                before=f"{before_cm3:.2f}",
                after=f"{after_cm3:.2f}",
                delta=_percent(before_cm3, after_cm3),
            )
        )
    if g.bodies_before != g.bodies_after:
        lines.append(tr("revision_bodies", before=g.bodies_before, after=g.bodies_after))
    if not lines:
        lines.append(tr("revision_no_geometry_change"))
    lines.extend(
        tr("revision_warning_added", warning=esc(tr.warning(w.code, w.message)))
        for w in g.warnings_added
    )
    lines.extend(
        tr("revision_warning_removed", warning=esc(tr.warning(w.code, w.message)))
        for w in g.warnings_removed
    )
    return lines


def price_line(tr: Translator, before: Quote, after: Quote) -> str:
    """The price of the previous choice for the previous revision and for this one."""
    return tr(
        "revision_price",
        quantity=after.quantity,
        process=esc(after.process_name),
        material=esc(after.material_name),
        lead=tr(f"lead_{after.lead}"),
        before=money(before.total, before.currency),
        after=money(after.total, after.currency),
    )


def revision_block(
    tr: Translator,
    filename: str,
    changes: RevisionChanges,
    prices: tuple[Quote, Quote] | None = None,
    refusal: str | None = None,
) -> str:
    """What a revision card adds under the part's measurements."""
    lines = [
        tr(
            "revision_title",
            revision=changes.revision,
            name=esc(filename),
            previous=changes.previous_revision,
        ),
        *geometry_lines(tr, changes),
    ]
    if prices is not None:
        lines.append(price_line(tr, *prices))
    if refusal:
        lines.append(tr("revision_not_feasible", reason=esc(refusal)))
    return "\n".join(lines)


def change_text(tr: Translator, change: PriceChange, currency: str) -> str:
    """One reason a re-order's price differs, in words (money with its currency)."""
    before, after, label = change.before, change.after, change.label
    if change.code.endswith(("_price_changed", "line_changed", "line_added", "line_removed")):
        before = money(before, currency) if before else ""
        after = money(after, currency) if after else ""
    if change.code.endswith("_changed"):  # the same line on both: its name, not its figures
        label = label.split(":", 1)[0]
    try:
        return tr(f"change_{change.code}", before=before, after=after, label=esc(label))
    except KeyError:  # a reason this bot does not know yet: say it plainly
        return esc(f"{change.label or change.code}: {before} → {after}")


def reorder_caption(tr: Translator, reorder: Reorder) -> str:
    """The re-order card: which order, the total before and after and why, then the quote."""
    new, old = reorder.quote, reorder.previous
    lines = [tr("reorder_title", number=reorder.order_number, revision=reorder.part_revision)]
    if Decimal(reorder.total_change) == 0 and not reorder.changes:
        lines.append(
            tr("reorder_same", number=reorder.order_number, total=money(new.total, new.currency))
        )
    else:
        lines.append(
            tr(
                "reorder_total",
                before=money(old.total, old.currency),
                after=money(new.total, new.currency),
                delta=signed_money(reorder.total_change, new.currency),
            )
        )
        lines.extend(
            f"· {change_text(tr, change, new.currency)}" for change in reorder.changes[:MAX_CHANGES]
        )
    return clip("\n".join([*lines, "", quote_caption(tr, new)]))
