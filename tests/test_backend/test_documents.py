"""The quote document as drawn: its words, sums, picture and pages, in English and Russian."""

from __future__ import annotations

import re
from decimal import Decimal

import msgspec
import pytest
from reportlab.graphics import renderPDF

from backend.documents.blocks import qr_code
from backend.documents.layout import render_quote
from backend.documents.model import DocumentLine
from backend.documents.wording import NBSP, TEXTS, day, money, percent
from pricing import load_rate_card
from tests.language import latin_words
from tests.test_backend.documents import (
    NUMBER,
    RU_LABELS,
    a_document,
    drawn_qr,
    flat,
    image_count,
    overlapping_letters,
    page_count,
    qr_matrix,
)
from tests.test_bot.pdftext import pdf_text

AMOUNT = r"([\d\s\u00a0,.]+)"


def test_money_is_written_as_each_language_writes_it() -> None:
    assert money(Decimal("1234.5"), "EUR", "en") == "€1,234.50"
    assert money(Decimal("1234.5"), "EUR", "ru") == f"1{NBSP}234,50{NBSP}€"
    assert money(Decimal("7"), "CHF", "en") == f"7.00{NBSP}CHF"
    assert money(Decimal("-5"), "EUR", "en") == "−€5.00"
    assert money(Decimal("-5"), "EUR", "ru") == f"−5,00{NBSP}€"
    assert percent(0.07, "en") == "7%" and percent(0.075, "ru") == f"7,5{NBSP}%"
    assert day("2026-12-03T05:00:00Z", "ru") == "3 декабря 2026 г."
    assert day("2026-12-03", "en") == "3 December 2026"


def test_both_languages_word_the_same_things() -> None:
    assert set(TEXTS["en"]) == set(TEXTS["ru"])


def test_an_english_document_shows_its_number_dates_lines_and_the_total_they_make() -> None:
    document = a_document("en")
    text = pdf_text(render_quote(document))
    assert f"Quote {NUMBER}" in text, text
    assert "3 December 2026" in text and "17 December 2026" in text, text
    for line in ("Material €1,234.50", "Printing €87.25", "Setup per batch €40.00"):
        assert line in text, text
    subtotal = re.search(rf"Subtotal €{AMOUNT}\n", text)
    tax = re.search(rf"VAT 20% €{AMOUNT}\n", text)
    total = re.search(rf"Total with VAT €{AMOUNT}\n", text)
    assert subtotal and tax and total, text
    parse = [Decimal(m.group(1).replace(",", "")) for m in (subtotal, tax, total)]
    assert parse[0] + parse[1] == parse[2] == Decimal("1634.10")
    assert load_rate_card().shop.terms_en[0] in text
    assert "Lead time 4 working days" in text and "9 December 2026" in text, text
    assert "Process SLA" in text and "Page 1 of 1" in text, text


def test_a_russian_document_is_russian_but_for_names_and_writes_money_the_russian_way() -> None:
    shop = load_rate_card().shop
    document = a_document("ru", labels=RU_LABELS)
    text = pdf_text(render_quote(document))
    assert "Коммерческое предложение" in text and "3 декабря 2026 г." in text, text
    subtotal = re.search(rf"Итого без налога {AMOUNT}€", text)
    tax = re.search(rf"НДС 20 % {AMOUNT}€", text.replace(NBSP, " "))
    total = re.search(rf"Итого с НДС {AMOUNT}€", text)
    assert subtotal and tax and total, text
    parse = [
        Decimal(re.sub(r"\s", "", m.group(1)).replace(",", ".")) for m in (subtotal, tax, total)
    ]
    assert parse[0] + parse[1] == parse[2] == Decimal("1634.10")
    for label, amount in zip(RU_LABELS, ("1 234,50 €", "87,25 €", "40,00 €"), strict=True):
        assert flat(f"{label} {amount}") in flat(text), text
    assert flat(shop.terms_ru[0]) in flat(text)
    names = [NUMBER, document.part.filename, "SLA", "Tough resin", shop.name, *shop.address,
             shop.email, shop.phone, shop.website, shop.tax_id, *shop.payment]  # fmt: skip
    assert latin_words(text, names) == []


def test_the_russian_checker_finds_an_english_word_left_in() -> None:
    document = a_document("ru", labels=[*RU_LABELS[:2], "Setup per batch"])
    text = pdf_text(render_quote(document))
    assert latin_words(text, [NUMBER, "bracket", "stl", "SLA", "Tough resin"])[:1] != []


def test_the_part_picture_is_embedded_when_there_is_one() -> None:
    assert image_count(render_quote(a_document())) == 1
    assert image_count(render_quote(a_document(with_picture=False))) == 0


def test_a_long_file_name_and_thirty_lines_flow_onto_numbered_pages_without_overlap() -> None:
    name = "housing-" + "very-long-revision-" * 9 + "final.step"
    labels = [f"Operation {i}: a line long enough to need its own room" for i in range(30)]
    amounts = [f"{10 + i}.{i:02d}" for i in range(30)]
    data = render_quote(a_document(labels=labels, amounts=amounts, filename=name))
    text = pdf_text(data)
    pages = page_count(data)
    assert pages >= 2
    assert f"Page {pages} of {pages}" in text and f"Page 1 of {pages}" in text
    assert flat(name) in flat(text)
    for label, amount in zip(labels, amounts, strict=True):
        assert flat(f"{label} €{amount}") in flat(text), label
    assert overlapping_letters(data) == []


def test_markup_in_a_file_name_or_label_prints_as_written() -> None:
    name = "<b>a&b</b> <font size=40>x</font>.stl"
    data = render_quote(a_document(filename=name, labels=["<i>Cut</i> & polish"]))
    text = pdf_text(data)
    assert flat(name) in flat(text) and "<i>Cut</i> & polish" in text, text


HOSTILE_NAMES = ["a\x00b\x07c.stl", "😀🔩 part.stl", "\u202eltsl.stl", "&#0;]]>.stl", "\ud800.stl"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_file_name_still_makes_a_document(name: str) -> None:
    text = pdf_text(render_quote(a_document(filename=name, labels=[name])))
    assert "Total with VAT" in text and ".stl" in text, text


def test_a_review_reason_shows_the_price_is_not_firm() -> None:
    text = pdf_text(render_quote(a_document(review=["The mesh is open after repair."])))
    assert "Estimate: a person confirms this price" in text and "open after repair" in text


def test_an_expired_quote_says_so_in_each_language() -> None:
    assert "This quote has expired" in pdf_text(render_quote(a_document(expired=True)))
    assert "This quote has expired" not in pdf_text(render_quote(a_document()))
    russian = pdf_text(render_quote(a_document("ru", labels=RU_LABELS, expired=True)))
    assert "Срок предложения истёк" in russian


def test_the_qr_code_draws_every_module_of_the_quotes_reference() -> None:
    expected = qr_matrix(NUMBER)
    drawn = drawn_qr(renderPDF.drawToString(qr_code(NUMBER, size=200)), len(expected))
    assert drawn.shape == expected.shape and (drawn == expected).all()


def test_lines_that_do_not_add_up_are_never_printed() -> None:
    document = a_document()
    wrong = [*document.lines, DocumentLine(label="Extra", amount=Decimal(1))]
    with pytest.raises(ValueError, match="add up"):
        msgspec.structs.replace(document, lines=wrong)
