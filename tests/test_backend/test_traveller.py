"""The job traveller: built from an order's quote and a placed job, drawn, and read back."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.documents.model import Language
from backend.documents.qc_plan import LOOK, measured, millimetres, qc_plan
from backend.documents.traveller_layout import render_traveller
from backend.documents.traveller_model import ROUTE, TravellerDocument
from backend.documents.travellers import job_kind, machine_name, traveller_document
from backend.quality.sampling import sampling_plan
from backend.quotes.schemas import Quote, SpecRow
from planning.floor import LineWork, order_jobs
from planning.schedule import Job, Placement
from pricing import load_rate_card
from pricing.catalog import Tolerance
from pricing.shopfloor import ShopMachine, shop_floor
from tests.language import latin_words
from tests.test_backend.documents import (
    drawn_qr,
    flat,
    image_count,
    overlapping_letters,
    page_count,
    picture,
    qr_matrix,
)
from tests.test_bot.pdftext import pdf_text
from tests.test_pricing.factories import box_report

ORDER = 12
ORDER_ID = "ord_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6"
NOTE = "<b>Keep</b> the edges sharp & the logo side up"
MAKE = Job(id=f"{ORDER_ID}/1/make", work="cnc", material="al6061", hours=6.5)
QC = Job(id=f"{ORDER_ID}/qc", work="qc", hours=1.75, after=(f"{ORDER_ID}/1/post",))
# 07:00 UTC is 08:00 on the shop's clock (the card's utc_offset_hours is 1).
START = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
END = datetime(2026, 12, 7, 13, 30, tzinfo=UTC)


def a_quote(**changes: object) -> Quote:
    """25 milled aluminium parts, fine tolerance, black anodised, four M5 threads, a note."""
    quote = Quote(
        id="quo_0192f3a4b5ffd7e8f9a0b1c2d3e4f5a6", part_id="prt_1", filename="bracket.stl",
        process="cnc", process_name="CNC 3-axis", process_name_ru="Фрезеровка на ЧПУ (3 оси)",
        material="al6061", material_name="Aluminium 6061", material_name_ru="Алюминий 6061",
        quantity=25, lead="standard", finish="anodised", finish_name="Anodised (aluminium)",
        finish_name_ru="Анодирование (алюминий)", tolerance="fine", tolerance_name="ISO 2768-f",
        tolerance_name_ru="ISO 2768-f (точный класс)", colour="black",
        threads=[SpecRow(size="M5", count=4)], note=NOTE, currency="EUR", unit_price="10.00",
        total="250.00", tax_label="VAT", tax_rate=0.2, tax="50.00", total_with_tax="300.00",
        lines=[], lead_time_days=5, ship_date="2026-12-10", machine=None, card_version="v1",
        created_at="2026-12-03T05:00:00Z", expires_at="2026-12-17T05:00:00Z", expired=False,
    )  # fmt: skip
    return msgspec.structs.replace(quote, **changes)


def a_traveller(
    language: Language = "en",
    *,
    job: Job = MAKE,
    machine: str = "mill",
    unit: int = 1,
    quote: Quote | None = None,
    with_picture: bool = False,
) -> TravellerDocument:
    """Order 12's traveller for `job`, placed on `machine` unit `unit` on 7 December."""
    placement = Placement(
        job=job.id, order=ORDER_ID, machine=machine, unit=unit, start=START, end=END
    )
    return traveller_document(
        language=language, card=load_rate_card(), order_number=ORDER, job=job,
        placement=placement, quote=quote or a_quote(), report=box_report(80, 30, 40),
        picture=picture() if with_picture else None, ship_date="2026-12-10",
    )  # fmt: skip


def test_an_english_traveller_shows_the_order_job_machine_material_specs_and_qc_plan() -> None:
    document = a_traveller("en", with_picture=True)
    data = render_traveller(document)
    text = pdf_text(data)
    for line in (
        "Job traveller", "Order #12", "Ship date 10 December 2026", "Step Production",
        "Process CNC 3-axis", "Material Aluminium 6061", "Machine 3-axis mill, unit 2 of 2",
        "Planned start 7 December 2026, 08:00", "Planned end 7 December 2026, 14:30",
        "Quantity 25 pcs", "Tolerance ISO 2768-f", "Finish Anodised (aluminium)",
        "Threads 4 × M5", "Colour black", "QC plan", "Material lot / spool", "Sign-off",
        "Done by", "Signature",
    ):  # fmt: skip
        assert line in text, (line, text)
    assert flat(f"Job {MAKE.id}") in flat(text) and flat(NOTE) in flat(text), text
    for item in document.qc_plan:
        assert flat(item) in flat(text), item
    for step in ("Post-processing", "Quality control", "Packing"):
        assert step in text, step
    assert image_count(data) == 1 and "Page 1 of 1" in text, text


def test_the_qc_plan_follows_the_specs_and_the_process() -> None:
    items = a_traveller("en").qc_plan
    assert items == [
        "Overall size 80 × 30 × 40 mm within ±0.05 mm (ISO 2768-f); measure every part",
        "Threads 4 × M5: go/no-go gauge on every part",
        "Deburred: no sharp edges; no chatter or tool marks",
        "Finish Anodised (aluminium): even, no bare spots or runs",
        "Colour black as ordered, the same on every part",
        "The customer's note (see specifications) is met",
        "Count: 25 pcs good; rejects set aside and recorded",
    ]
    plain = a_quote(
        process="sla", tolerance="medium", tolerance_name="ISO 2768-m", finish=None,
        colour=None, threads=[], inserts=[SpecRow(size="M3", count=2)], note=None,
    )  # fmt: skip
    medium = load_rate_card().process("sla").tolerance("medium")  # type: ignore[union-attr]
    report = msgspec.structs.replace(box_report(80, 30, 40), bodies=3)
    assert qc_plan(plain, "80 × 30 × 40 mm", report.bodies, medium, "en") == [
        "Overall size 80 × 30 × 40 mm within ±0.15 mm (ISO 2768-m); measure a sample of 5 of "
        "25 (ISO 2859-1, level II, AQL 2.5)",
        "Inserts 2 × M3: seated flush and square, thread clear, on every part",
        "Supports removed and marks sanded; fully cured, not tacky",
        "Every set has all 3 pieces",
        "Count: 25 pcs good; rejects set aside and recorded",
    ]


def test_a_drawing_tier_or_a_tier_the_card_lost_is_measured_as_it_says() -> None:
    quote = a_quote(tolerance="drawing", tolerance_name="Tighter, per drawing")
    drawing = load_rate_card().process("cnc").tolerance("drawing")  # type: ignore[union-attr]
    items = qc_plan(quote, "80 × 30 × 40 mm", 1, drawing, "en")
    assert items[0] == (
        "Dimensions per the customer's drawing, at least ±0.05 mm; measure every part"
    )
    lost = qc_plan(quote, "80 × 30 × 40 mm", 1, None, "en")[0]
    assert lost == (
        "Overall size 80 × 30 × 40 mm to Tighter, per drawing; measure a sample of 5 of 25 "
        "(ISO 2859-1, level II, AQL 2.5)"
    )
    assert millimetres(0.3, "ru") == "0,3" and millimetres(0.05, "en") == "0.05"


def test_every_process_of_the_card_has_its_own_look_check() -> None:
    assert {pid for pid, _ in load_rate_card().offered()} <= set(LOOK)


@settings(max_examples=50, deadline=None)
@given(quantity=st.integers(1, 100_000), per_part=st.sampled_from([0.0, 1.0]))
def test_the_sample_is_the_iso_plans_and_paid_inspection_measures_all(
    quantity: int, per_part: float
) -> None:
    tier = Tolerance(id="t", name="t", name_ru="т", tolerance_mm=0.1, per_part=per_part)
    count = measured(quantity, tier)
    assert 1 <= count <= quantity
    planned = sampling_plan(quantity, 2.5)
    assert (count == quantity) if per_part else count == planned.sample_size


def test_a_russian_traveller_is_russian_but_for_names() -> None:
    document = a_traveller("ru")
    text = pdf_text(render_traveller(document))
    for line in (
        "Маршрутный лист", "Заказ #12", "Дата отгрузки 10 декабря 2026 г.",
        "Операция Изготовление", "Технология Фрезеровка на ЧПУ (3 оси)",
        "Материал Алюминий 6061", "Оборудование 3-осевой фрезерный станок, ед. 2 из 2",
        "Плановое начало 7 декабря 2026 г., 08:00", "План контроля",
        "Партия материала / катушка", "Отметки о выполнении", "Исполнитель",
    ):  # fmt: skip
        assert line in text, (line, text)
    for item in document.qc_plan:
        assert flat(item) in flat(text), item
    assert "Резьба 4 × M5: калибр ПР/НЕ на каждой детали" in document.qc_plan
    shop = document.shop
    names = [MAKE.id, "bracket.stl", NOTE, "M5", shop.name, *shop.address, shop.email,
             shop.phone, shop.website, shop.tax_id]  # fmt: skip
    assert latin_words(text, names) == [], text


def test_a_station_job_names_its_station_in_each_language() -> None:
    english = pdf_text(render_traveller(a_traveller("en", job=QC, machine="inspection", unit=0)))
    assert "Step Quality control" in english and "Machine Inspection" in english, english
    russian = pdf_text(render_traveller(a_traveller("ru", job=QC, machine="inspection", unit=0)))
    assert "Оборудование ОТК (контроль качества)" in russian, russian
    # A station the card names only in English reads as its stage on Russian papers.
    bench = ShopMachine(id="qc", name="qc station", process="qc", hours_per_day=8)
    assert machine_name(bench, 0, "ru") == "Контроль качества"
    assert machine_name(bench, 0, "en") == "qc station"


def test_every_job_of_an_order_is_a_step_of_the_route() -> None:
    line = LineWork(line="1", process="sla", material="tough", quantity=10, hours=4.0)
    jobs = order_jobs(ORDER_ID, [line], shop_floor(load_rate_card()))
    assert [job_kind(job) for job in jobs] == list(ROUTE)


def test_the_qr_code_carries_the_orders_number() -> None:
    document = a_traveller()
    assert document.payload == "#12"
    expected = qr_matrix("#12")
    assert (drawn_qr(render_traveller(document), len(expected)) == expected).all()


def test_a_hostile_file_name_and_note_print_as_written_without_overlap() -> None:
    name = "<b>a&b</b> <font size=40>x</font>" + "-very-long-revision" * 8 + "\ud800.stl"
    note = "</para><para>" + "keep clear " * 40
    quote = a_quote(filename=name, note=note)
    data = render_traveller(a_traveller(quote=quote))
    text = pdf_text(data)
    assert flat("<b>a&b</b> <font size=40>x</font>") in flat(text), text
    assert flat("</para><para>keep clear") in flat(text), text
    assert overlapping_letters(data) == []


def test_a_traveller_for_another_job_or_an_unknown_machine_or_backwards_is_refused() -> None:
    elsewhere = Placement(job=MAKE.id, order=ORDER_ID, machine="mill", unit=0, start=START, end=END)
    with pytest.raises(ValueError, match="placement"):
        traveller_document(
            language="en", card=load_rate_card(), order_number=ORDER, job=QC,
            placement=elsewhere, quote=a_quote(), report=box_report(), picture=None,
        )  # fmt: skip
    with pytest.raises(ValueError, match="no machine 'lathe'"):
        a_traveller(machine="lathe")
    with pytest.raises(ValueError, match="ends before"):
        msgspec.structs.replace(a_traveller(), end=START.replace(hour=1))


def test_a_long_qc_plan_flows_onto_numbered_pages_and_the_sign_off_stays_whole() -> None:
    rows = [SpecRow(size=f"M{size}", count=2) for size in range(2, 22)]
    data = render_traveller(a_traveller(quote=a_quote(threads=rows, inserts=rows)))
    text, pages = pdf_text(data), page_count(data)
    assert pages >= 2 and f"Page {pages} of {pages}" in text, text
    for row in rows:
        assert f"Threads 2 × {row.size}: go/no-go gauge on every part" in text, row
    last = text.split("\f")[-1]
    for words in ("Material lot / spool", "Sign-off", "Done by", "Date", "Signature"):
        assert words in last, (words, last)
    assert overlapping_letters(data) == []


def test_without_a_promised_date_the_traveller_prints_none() -> None:
    document = msgspec.structs.replace(a_traveller(), ship_date=None)
    text = pdf_text(render_traveller(document))
    assert "Ship date" not in text and "Order #12" in text, text
