"""The certificate of conformance: built from an order and its QC check, drawn, and read back."""

from __future__ import annotations

import msgspec
import pytest

from backend.console.repository import QcRow
from backend.documents.conformance import (
    approval,
    conformance_of,
    console_inspection,
    last_passing,
)
from backend.documents.conformance_layout import render_certificate
from backend.documents.conformance_model import Characteristic, ConformanceCertificate
from backend.documents.model import Language
from backend.documents.service import part_view
from backend.first_articles.schemas import (
    FirstArticleRound,
    FirstArticleState,
    FirstArticleView,
)
from backend.orders.schemas import HistoryEntry, MaterialLot, Order
from backend.orders.state import OrderStatus
from pricing import load_rate_card
from tests.russian import latin_words
from tests.test_backend.documents import (
    drawn_qr,
    flat,
    image_count,
    overlapping_letters,
    picture,
    qr_matrix,
)
from tests.test_backend.test_traveller import a_quote
from tests.test_bot.pdftext import pdf_text
from tests.test_pricing.factories import box_report

ORDER_ID = "ord_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6"
LOT = "AL-2026-0815"


def an_order(**changes: object) -> Order:
    """Order 12, revision 2 of the bracket, shipped by DHL on 9 December with two lots."""
    history = [
        HistoryEntry(version=1, status=OrderStatus.PENDING_REVIEW, actor="customer:1001",
                     at="2026-12-03T05:00:00Z", note=None),
        HistoryEntry(version=6, status=OrderStatus.SHIPPED, actor="staff:sam",
                     at="2026-12-09T10:00:00Z", note=None, carrier="DHL",
                     tracking_number="JD0146000000"),
    ]  # fmt: skip
    order = Order(
        id=ORDER_ID, number=12, quote_id="quo_1", part_id="prt_1", customer="1001",
        status=OrderStatus.SHIPPED, version=6, carrier="DHL", tracking_number="JD0146000000",
        created_at="2026-12-03T05:00:00Z", updated_at="2026-12-10T08:00:00Z", history=history,
        next_statuses=[OrderStatus.DELIVERED], part_revision=2,
        material_lots=[
            MaterialLot(job="1-make", work="cnc", lot=LOT),
            MaterialLot(job="pack", work="pack", lot="BOX-77"),  # packing, not material
        ],
    )  # fmt: skip
    return msgspec.structs.replace(order, **changes)


def a_check(
    measured: list[float], *, passed: bool = True, at: str = "2026-12-08T14:00:00Z"
) -> QcRow:
    """Sam's QC check of the 80 × 30 × 40 mm part at ±0.05 mm, 25 parts counted."""
    return QcRow(
        "qc_1", ORDER_ID, int(passed), msgspec.json.encode(measured).decode(), "[80.0,30.0,40.0]",
        0.05, 1, 25, 25, None, "[]", "staff:sam", at,
    )  # fmt: skip


def a_certificate(language: Language = "en", **changes: object) -> ConformanceCertificate:
    """Order 12's certificate; the part measured lying on its side (Y and Z swapped)."""
    report = box_report(80, 30, 40)
    return conformance_of(
        language=language, shop=load_rate_card().shop, order=an_order(**changes),
        quote=a_quote(), part=part_view("bracket.stl", report, language, picture()),
        customer=("Anna Schmidt", "Schmidt Robotics GmbH"),
        check=a_check([80.02, 39.96, 30.05]),
    )  # fmt: skip


def test_the_inspection_pairs_dimensions_largest_to_largest_with_their_limits() -> None:
    inspection = console_inspection(a_check([29.96, 80.04, 40.0]), "en")
    assert [
        (c.name, c.nominal, c.lower, c.upper, c.measured) for c in inspection.characteristics
    ] == [
        ("Overall size X", 80.0, 79.95, 80.05, [80.04]),
        ("Overall size Z", 40.0, 39.95, 40.05, [40.0]),
        ("Overall size Y", 30.0, 29.95, 30.05, [29.96]),
    ]
    assert all(c.result == "pass" and c.defects == 0 for c in inspection.characteristics)
    assert (inspection.verdict, inspection.inspector, inspection.date) == (
        "accepted", "sam", "2026-12-08",
    )  # fmt: skip
    off = console_inspection(a_check([80.2, 30.0, 40.0], passed=False), "en")
    assert [c.result for c in off.characteristics] == ["fail", "pass", "pass"]
    assert off.characteristics[0].defects == 1 and off.verdict == "rejected"


def test_the_last_passing_check_is_the_one_certified() -> None:
    older = a_check([80.0, 30.0, 40.0], at="2026-12-07T09:00:00Z")
    failed = a_check([81.0, 30.0, 40.0], passed=False, at="2026-12-07T12:00:00Z")
    newer = a_check([80.01, 30.0, 40.0], at="2026-12-08T09:00:00Z")
    assert last_passing([older, failed, newer]) is newer
    assert last_passing([older, failed]) is older
    assert last_passing([failed]) is None and last_passing([]) is None


def test_a_characteristic_refuses_limits_the_wrong_way_and_too_many_values() -> None:
    with pytest.raises(ValueError, match="lower limit"):
        Characteristic(name="x", nominal=1, lower=2, upper=1, sample_size=1, measured=[1],
                       defects=0, result="pass")  # fmt: skip
    with pytest.raises(ValueError, match="more values"):
        Characteristic(name="x", nominal=1, lower=0, upper=2, sample_size=1, measured=[1, 1],
                       defects=0, result="pass")  # fmt: skip


def test_an_english_certificate_lists_the_order_part_lots_inspection_and_inspector() -> None:
    document = a_certificate("en")
    data = render_certificate(document)
    text = pdf_text(data)
    for line in (
        "Certificate of Conformance", "Order #12", "Issued 9 December 2026",
        "Customer Anna Schmidt", "Company Schmidt Robotics GmbH", "File bracket.stl",
        "Revision 2", "Process CNC 3-axis", "Material Aluminium 6061", f"Material lots {LOT}",
        "Tolerance ISO 2768-f", "Finish Anodised (aluminium)", "Threads 4 × M5",
        "Quantity ordered 25 pcs", "Quantity shipped 25 pcs",
        "Overall size X 80 mm 79.95 … 80.05 1 80.02 0 pass",
        "Overall size Z 40 mm 39.95 … 40.05 1 39.96 0 pass",
        "Overall size Y 30 mm 29.95 … 30.05 1 30.05 0 pass",
        "Lot verdict accepted", "Inspector sam", "Inspected on 8 December 2026",
        "Carrier DHL", "Tracking JD0146000000", "Statement of conformance", "Signature",
    ):  # fmt: skip
        assert line in text, (line, text)
    assert "BOX-77" not in text  # a packing record is not a material lot
    assert flat(document.statement) in flat(text) and "order #12 (25 pcs)" in document.statement
    assert flat(document.inspection.sampling) in flat(text)
    assert image_count(data) == 1 and "Page 1 of 1" in text, text
    assert overlapping_letters(data) == []


def test_a_russian_certificate_is_in_russian() -> None:
    document = a_certificate("ru")
    data = render_certificate(document)
    text = pdf_text(data)
    for line in (
        "Сертификат соответствия", "Заказ #12", "Дата выдачи 9 декабря 2026 г.",
        "Редакция 2", "Технология Фрезеровка на ЧПУ (3 оси)", "Материал Алюминий 6061",
        f"Партии материала {LOT}", "Заказано 25 шт.", "Отгружено 25 шт.",
        "Габарит по оси X 80 мм 79,95 … 80,05 1 80,02 0 годен",
        "Решение по партии принята", "Контролёр sam", "Дата контроля 8 декабря 2026 г.",
        "Перевозчик DHL", "Трек-номер JD0146000000", "Заявление о соответствии",
    ):  # fmt: skip
        assert line in text, (line, text)
    # Names as given (the file, lot, carrier, inspector, customer, the shop's address) and
    # the model's axes, which a Russian drawing letters in Latin too.
    shop = load_rate_card().shop
    allowed = {
        "bracket.stl",
        LOT,
        "DHL",
        "JD0146000000",
        "sam",
        "M5",
        "Anna Schmidt",
        "Schmidt Robotics GmbH",
        "X",
        "Y",
        "Z",
        shop.name,
        *shop.address,
        shop.email or "",
        "https",
        "com",
    }  # fmt: skip (a URL's path reads as a /command)
    assert latin_words(text, allowed=allowed) == []
    assert overlapping_letters(data) == []


def test_the_qr_code_carries_the_order_number() -> None:
    expected = qr_matrix("#12")
    data = render_certificate(a_certificate("en"))
    assert (drawn_qr(data, len(expected)) == expected).all()


def test_an_order_without_lots_says_none_were_recorded() -> None:
    text = pdf_text(render_certificate(a_certificate("en", material_lots=[])))
    assert "Material lots not recorded" in text, text


def a_first_article(*decisions: str) -> FirstArticleView:
    """Order 12's first articles, decided in turn on 4 and 5 December."""
    rounds = [
        FirstArticleRound(
            round=n, sent_at=f"2026-12-0{n + 3}T08:00:00Z", sent_by="staff:sam", note=None,
            photos=[], decision=decision,  # type: ignore[arg-type]  # the test's own words
            decided_at=f"2026-12-0{n + 3}T12:00:00Z", decided_by="customer:1001",
        )
        for n, decision in enumerate(decisions, start=1)
    ]  # fmt: skip
    state: FirstArticleState = "approved" if "approved" in decisions else "making"
    return FirstArticleView(order_id=ORDER_ID, number=12, state=state, rounds=rounds)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "First article approved by the customer on 5 December 2026 (round 2)"),
        ("ru", "Первый образец одобрен заказчиком 5 декабря 2026 г. (образец 2)"),
    ],
)
def test_an_approved_first_article_is_certified_with_its_day_and_round(
    language: Language, line: str
) -> None:
    document = msgspec.structs.replace(
        a_certificate(language),
        first_article=approval(a_first_article("changes", "approved"), language),
    )
    assert line in pdf_text(render_certificate(document))
    # None asked for, or none approved: the row is left out.
    assert approval(None, language) == ""
    assert approval(a_first_article("changes"), language) == ""
    assert "First article" not in pdf_text(render_certificate(a_certificate("en")))
