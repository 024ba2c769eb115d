"""The console's payment helpers: badges, the invoices' order, the money figures, the ledger."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from backend.console.payments import (
    BADGED,
    InvoiceLine,
    RefundForm,
    figures,
    invoice_line,
    ledger,
    month_start,
    overdue_first,
    payment_badge,
    when,
)
from backend.console.texts import staff_language, text, words
from backend.console.web import TEMPLATES
from backend.payments.repository import InvoiceRow, PaymentRow, RefundRow
from backend.payments.schemas import InvoiceKind, PaymentMode

NOW = "2026-03-15T12:00:00.000000+00:00"


def test_every_payment_state_but_none_has_a_badge() -> None:
    states = ["unpaid", "deposit_paid", "paid", "partially_refunded", "refunded", "on_account"]
    assert [payment_badge(s) for s in states] == states
    assert payment_badge("none") is None
    assert payment_badge("no-such-state") is None


def _invoice(number: int, due: str | None, paid: str | None) -> InvoiceRow:
    return InvoiceRow(number, f"ord_{number}", "account", 12_345, "EUR", "2026-01-01T00:00:00",
                      due, paid, number, "1001")  # fmt: skip


def test_an_invoice_is_overdue_only_unpaid_past_its_due_time() -> None:
    late = invoice_line(_invoice(1, "2026-03-01T00:00:00", None), NOW, 2)
    assert late.overdue and late.amount == "EUR 123.45" and late.due == "2026-03-01 00:00"
    assert not invoice_line(
        _invoice(2, "2026-03-01T00:00:00", "2026-03-02T00:00:00"), NOW, 2
    ).overdue
    assert not invoice_line(_invoice(3, "2026-04-01T00:00:00", None), NOW, 2).overdue
    assert not invoice_line(_invoice(4, None, None), NOW, 2).overdue  # paid in chat: no due date


def test_overdue_invoices_come_first_longest_overdue_first_then_newest_first() -> None:
    rows = [
        _invoice(1, "2026-02-01T00:00:00", "2026-02-02T00:00:00"),
        _invoice(2, "2026-03-10T00:00:00", None),
        _invoice(3, "2026-02-20T00:00:00", None),
        _invoice(4, "2026-05-01T00:00:00", None),
        _invoice(5, None, "2026-03-14T00:00:00"),
    ]
    lines: list[InvoiceLine] = [invoice_line(row, NOW, 2) for row in rows]
    assert [i.number for i in overdue_first(lines)] == [3, 2, 5, 4, 1]


def test_collected_is_received_less_refunded_and_invoiced_is_apart() -> None:
    found = figures("this month", (10_000, 2_550, 30_000), "EUR", 2)
    assert (found.collected, found.invoiced, found.received, found.refunded) == (
        "EUR 74.50", "EUR 300.00", "EUR 100.00", "EUR 25.50",
    )  # fmt: skip
    assert figures("x", (5, 0, 0), "JPY", 0).collected == "JPY 5"


def test_the_month_starts_at_midnight_of_its_first_day() -> None:
    assert month_start(datetime(2026, 3, 15, 12, 30, tzinfo=UTC)) == datetime(
        2026, 3, 1, tzinfo=UTC
    )


def test_the_ledger_lists_payments_and_refunds_with_amounts_and_times() -> None:
    paid = [PaymentRow("pay_1", "ord_1", "full", 14_568, "EUR", "ch_1", "tg_1", 1, NOW)]
    back = [RefundRow("ref_1", "ord_1", 100, "EUR", "scratched", "staff:alice", NOW)]
    found = ledger(paid, back, [], NOW, 2)
    assert [(p.kind, p.amount, p.charge_id, p.at) for p in found.payments] == [
        ("full", "EUR 145.68", "ch_1", "2026-03-15 12:00")
    ]
    assert [(r.amount, r.reason) for r in found.refunds] == [("EUR 1.00", "scratched")]
    assert when(None) == "—"


def test_the_refund_form_keeps_what_was_typed_within_its_limits() -> None:
    typed = RefundForm.of({"amount": "12.5", "reason": "x" * 900, "other": "ignored"})
    assert typed.amount == "12.5" and len(typed.reason) == 500
    assert RefundForm.of({}) == RefundForm()


def test_the_browser_first_language_picks_russian_or_english() -> None:
    assert staff_language("ru-RU,ru;q=0.9,en;q=0.8") == "ru"
    assert staff_language("ru") == "ru"
    assert staff_language("en-US,ru;q=0.9") == "en"
    assert staff_language("rum") == "en"
    assert staff_language(None) == staff_language("") == "en"


def test_every_console_word_the_templates_use_exists_and_russian_has_no_latin_letters() -> None:
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(["']([a-z_.0-9]+)["'][,)]""", template.read_text()))
    known = set(words())
    assert used and used <= known, used - known
    dynamic = {*(f"mode.{m}" for m in PaymentMode), *(f"kind.{k}" for k in InvoiceKind)}
    dynamic |= {"kind.transfer", "period.month", "period.30d", *BADGED}
    assert dynamic <= known, dynamic - known
    for key, (_, russian_text) in words().items():
        russian = re.sub(r"\{[a-z_]+\}", "", russian_text)
        assert not re.search(r"[A-Za-z]", russian.replace("UTC", "")), (key, russian)
    assert text("order_n", "ru", number=7) == "заказ 7"
    assert text("no-such-key", "en") == "no-such-key"
