"""Review and risk texts: a Russian reader sees Russian, the staff's typed price is read safely."""

from __future__ import annotations

import re

import pytest

from bot.api import Line, Order, Quote
from bot.handlers.review import parse_price
from bot.i18n import Translator
from bot.review_models import (
    Acknowledgement,
    PriceRange,
    QuoteWarning,
    Review,
    Reviewed,
    ReviewHit,
)
from bot.review_render import card_caption, reviewed_caption, risks_line, staff_review_caption

RU = Translator("ru")
HITS = [
    ReviewHit(code="quantity_above", detail="cnc:500"),
    ReviewHit(code="tolerance", detail="fine"),
    ReviewHit(code="warning", detail="thin_walls"),
    ReviewHit(code="total_above", detail="10000"),
    ReviewHit(code="drawing"),
    ReviewHit(code="all_refused"),
]


def quote(**changes: object) -> Quote:
    fields: dict[str, object] = {
        "id": "quo_1", "part_id": "prt_1", "filename": "корпус.stl", "process": "cnc",
        "process_name": "ЧПУ", "material": "al6061", "material_name": "Алюминий",
        "quantity": 600, "lead": "standard", "currency": "EUR", "unit_price": "9.75",
        "total": "5851.88", "tax_label": "НДС", "tax": "1170.38", "total_with_tax": "7022.26",
        "lines": [Line(label="Станок", amount="5851.88")], "lead_time_days": 12,
        "ship_date": "2026-12-20", "expires_at": "2026-12-31T00:00:00", "expired": False,
    }  # fmt: skip
    fields.update(changes)
    return Quote(**fields)  # type: ignore[arg-type]


def latin_words(text: str) -> list[str]:
    """Latin words left in a text, apart from markup and the part's name (the customer's)."""
    plain = re.sub(r"<[^>]+>", "", text).replace("корпус.stl", "")
    return re.findall(r"[A-Za-z]{2,}", plain)


def test_a_russian_customer_reads_a_quote_in_review_in_russian() -> None:
    text = card_caption(
        RU,
        quote(review_rules=HITS, price_range=PriceRange(low="5266.69", high="7607.45"),
              answer_hours=8),
    )  # fmt: skip
    assert "Диапазон цены" in text and "8 рабочих часов" in text
    assert "больше 500 шт." in text and "жёсткий допуск" in text and "тонкие стенки" in text.lower()
    assert latin_words(text) == [], latin_words(text)


def test_the_reviewed_quote_says_what_changed() -> None:
    reviewed = Reviewed(
        review_id="rev_1", by="sam", note="Нужна оснастка", instant_total="5851.88",
        instant_lead_time_days=12,
    )  # fmt: skip
    en = reviewed_caption(
        Translator("en"), quote(total="5000.00", lead_time_days=20, reviewed=reviewed)
    )
    assert "Price: €5851.88 → <b>€5000.00</b>" in en
    assert "Lead time: 12 → <b>20</b> working days" in en
    text = reviewed_caption(RU, quote(total="5000.00", lead_time_days=20, reviewed=reviewed))
    assert "Нужна оснастка" in text


def test_staff_cards_in_russian_name_the_reasons_and_the_accepted_risks() -> None:
    review = Review(
        id="rev_1", customer="1001", part_id="prt_1", filename="корпус.stl", quantity=600,
        process_name="ЧПУ", material_name="Алюминий", instant_total=None, currency="EUR",
        reasons=HITS, status="open", due_at="2026-12-04T17:00:00+00:00", answer_hours=8,
    )  # fmt: skip
    card = staff_review_caption(RU, review)
    assert "нет цены" in card and latin_words(card) == ["UTC"], latin_words(card)
    order = Order(
        id="ord_1", number=3, quote_id="quo_1", part_id="prt_1", customer="1001",
        status="pending_review", version=1, created_at="2026-12-03", history=[],
        next_statuses=[],
        acknowledged=Acknowledgement(
            by="customer:1001", at="2026-12-03T10:00:00",
            warnings=[QuoteWarning(code="thin_walls", message="Some walls are thin")],
        ),
    )  # fmt: skip
    line = risks_line(RU, order) or ""
    assert "Клиент принял риски" in line and "тонкие стенки" in line.lower()
    assert latin_words(line) == ["UTC"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1250.00 12 Fixtures needed", ("1250.00", 12, "Fixtures needed")),
        ("99,5 3", ("99.5", 3, None)),
        ("7 0", ("7", 0, None)),
    ],
)
def test_a_typed_price_is_read(typed: str, read: tuple[str, int, str | None]) -> None:
    assert parse_price(typed) == read


@pytest.mark.parametrize(
    "typed", ["", "12", "abc 3", "-5 3", "0 3", "1.2345 3", "5 three", "5 400", "nan 2", "1e9999 2"]
)
def test_a_price_that_does_not_read_is_refused(typed: str) -> None:
    assert parse_price(typed) is None
