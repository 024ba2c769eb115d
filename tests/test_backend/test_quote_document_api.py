"""`GET /api/v1/quotes/{id}/document.pdf`: the quote as its customer (or staff) may print it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from backend.documents.service import size_text
from geometry import MeshReport
from pricing import load_rate_card
from tests.language import latin_words
from tests.test_backend.api import ALICE, BOB, Api, bot, customer, error_code
from tests.test_backend.documents import flat, image_count
from tests.test_backend.test_quote_specs_api import CNC, tray
from tests.test_bot.pdftext import pdf_text
from tests.test_bot.test_e2e_estimates import open_box

pytestmark = pytest.mark.anyio


def document_url(quote_id: str, lang: str = "en") -> str:
    """The document of a quote in a language."""
    return f"/api/v1/quotes/{quote_id}/document.pdf?lang={lang}"


def kept_names(quote: dict[str, Any]) -> list[str]:
    """What a Russian document may print in Latin letters: names, and the shop's details.

    The part's file name, the quote number and the shop's own details; the process and
    material by their Russian names (trade names such as PA12 are allowed by the checker).
    """
    shop = load_rate_card().shop
    return [quote["id"], quote["filename"], quote["process_name_ru"], quote["material_name_ru"],
            shop.name, *shop.address, shop.email, shop.phone, shop.website, shop.tax_id,
            *shop.payment]  # fmt: skip


def euros(amount: str) -> str:
    """A decimal string as the English document writes it."""
    return f"€{Decimal(amount):,.2f}"


async def test_a_customer_prints_their_quote_with_every_line_and_its_total(api: Api) -> None:
    quote = await api.quote()
    response = await api.client.get(document_url(quote["id"]), headers=customer())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert f"Quote {quote['id']}" in text and "bracket.stl" in text, text
    assert f"Telegram user {ALICE}" in text and "10 pcs" in text, text
    assert any(line["per_part"] for line in quote["lines"])
    for line in quote["lines"]:
        each = f"{line['quantity']} {euros(line['unit_amount'])} " if line["per_part"] else ""
        assert flat(f"{line['label']} {each}{euros(line['amount'])}") in flat(text), line
    assert f"Subtotal {euros(quote['total'])}" in text, text
    assert f"Total with VAT {euros(quote['total_with_tax'])}" in text, text
    assert f"Tolerance {load_rate_card().processes.sla.tolerances[0].name}" in text  # type: ignore[union-attr]
    assert image_count(response.content) == 1  # the part's picture


async def test_a_russian_document_speaks_russian_but_for_the_rate_cards_names(api: Api) -> None:
    quote = await api.quote()
    response = await api.client.get(document_url(quote["id"], "ru"), headers=customer())
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    assert "Коммерческое предложение" in text and "Итого с НДС" in text, text
    assert f"Пользователь Telegram {ALICE}" in text and "10 шт." in text, text
    assert flat(load_rate_card().shop.terms_ru[0]) in flat(text)
    assert latin_words(text, kept_names(quote)) == []


async def test_another_customers_quote_is_not_found(api: Api) -> None:
    quote = await api.quote()
    response = await api.client.get(document_url(quote["id"]), headers=customer(BOB))
    assert response.status_code == 404
    assert error_code(response) == "not_found"


async def test_staff_print_any_quote_and_the_bot_alone_may_not(api: Api) -> None:
    quote = await api.quote()
    staff = await api.client.get(document_url(quote["id"]), headers=api.staff())
    assert staff.status_code == 200 and f"Telegram user {ALICE}" in pdf_text(staff.content)
    alone = await api.client.get(document_url(quote["id"]), headers=bot())
    assert alone.status_code == 403


async def test_an_unknown_quote_or_language_is_refused_with_a_code(api: Api) -> None:
    missing = await api.client.get(document_url("quo_missing"), headers=customer())
    assert missing.status_code == 404 and error_code(missing) == "not_found"
    quote = await api.quote()
    german = await api.client.get(document_url(quote["id"], "de"), headers=customer())
    assert german.status_code == 400, german.text
    error_code(german)


async def test_an_estimate_says_a_person_confirms_it_in_both_languages(api: Api) -> None:
    part = await api.ready_part(data=open_box(), name="open_box.stl")
    quote = await api.quote(part_id=part["id"], process="fdm", material="pla")
    assert quote["review"], quote
    english = await api.client.get(document_url(quote["id"]), headers=customer())
    text = pdf_text(english.content)
    assert "Estimate: a person confirms this price" in text, text
    assert flat(quote["review"][0]) in flat(text), text
    russian = await api.client.get(document_url(quote["id"], "ru"), headers=customer())
    text = pdf_text(russian.content)
    assert "Оценка: цену подтвердит сотрудник" in text, text
    assert latin_words(text, kept_names(quote)) == []


async def test_the_size_is_printed_in_the_unit_the_customer_confirmed(api: Api) -> None:
    report = msgspec.convert((await api.ready_part())["report"], MeshReport)
    x, y, z = report.bbox_mm
    assert size_text(report, "en") == f"{x:g} × {y:g} × {z:g} mm"
    inches = msgspec.structs.replace(report, units="inch", bbox_mm=(1270.0, 63.5, 34.925))
    assert size_text(inches, "en") == "50 × 2.5 × 1.375 in (1,270 × 63.5 × 34.9 mm)"
    assert size_text(inches, "ru") == "50 × 2,5 × 1,375 дюйм. (1\u00a0270 × 63,5 × 34,9 мм)"


async def test_the_document_prints_every_specification_in_the_readers_language(
    api: Api, fixture_meshes: Path
) -> None:
    part = await tray(api, fixture_meshes)
    specs: dict[str, Any] = {
        "threads": [{"size": "M6", "count": 4}],
        "tolerance": "fine",
        "finish": "anodised",
        "colour": "black",
        "note": "Mask the bore",
    }
    quote = await api.quote(part_id=part["id"], **CNC, **specs)
    english = [
        "Threads 4 × M6",
        "Colour black",
        "Note Mask the bore",
        f"Finish {quote['finish_name']}",
        f"Tolerance {quote['tolerance_name']}",
    ]
    russian = [
        "Резьба 4 × M6",
        "Цвет чёрный",
        "Комментарий Mask the bore",
        f"Обработка {quote['finish_name_ru']}",
        f"Допуск {quote['tolerance_name_ru']}",
    ]
    for lang, rows in (("en", english), ("ru", russian)):
        response = await api.client.get(document_url(quote["id"], lang), headers=customer())
        text = flat(pdf_text(response.content))
        for row in rows:
            assert flat(row) in text, (lang, row)
