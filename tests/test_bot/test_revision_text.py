"""The revision and re-order texts: what changed, in both languages, signs and all."""

from __future__ import annotations

from bot.api import GeometryChanges, PriceChange, Quote, Reorder, RevisionChanges, WarningChange
from bot.i18n import Translator
from bot.revision_text import change_text, geometry_lines, reorder_caption, signed_money


def changes(**geometry: object) -> RevisionChanges:
    base: dict[str, object] = {
        "size_before_mm": [60.0, 30.0, 40.0],
        "size_after_mm": [60.0, 30.0, 40.0],
        "volume_before_mm3": 14_860.0,
        "volume_after_mm3": 14_860.0,
        "bodies_before": 1,
        "bodies_after": 1,
    }
    return RevisionChanges(
        part_id="prt_b", revision=2, previous_id="prt_a", previous_revision=1, same_file=False,
        geometry=GeometryChanges(**(base | geometry)),  # type: ignore[arg-type]
    )  # fmt: skip


def test_only_what_changed_is_listed() -> None:
    lines = geometry_lines(Translator("en"), changes(size_after_mm=[75.0, 30.0, 40.0]))
    assert lines == ["Size: 60.0 × 30.0 × 40.0 → 75.0 × 30.0 × 40.0 mm"]
    same = geometry_lines(Translator("en"), changes())
    assert same == ["Size, volume and bodies as before."]


def test_volume_bodies_and_warnings_in_russian() -> None:
    thin = WarningChange(code="thin_walls", message="Some walls are thin.")
    lines = geometry_lines(
        Translator("ru"),
        changes(volume_after_mm3=18_575.0, bodies_after=2, warnings_added=[thin]),
    )
    assert lines[0] == "Объём: 14.86 → 18.57 см³ (+25.0 %)"
    assert lines[1] == "Тел: 1 → 2"
    assert lines[2].startswith("➕ Есть тонкие стенки")


def test_a_material_change_names_the_line_without_its_figures() -> None:
    change = PriceChange(
        code="material_price_changed", before="4.04", after="8.09",
        label="Tough resin: 14.9 cm³ printed per part",
    )  # fmt: skip
    assert change_text(Translator("en"), change, "EUR") == (
        "material price changed: Tough resin €4.04 → €8.09"
    )


def test_an_unknown_reason_is_still_said() -> None:
    change = PriceChange(code="something_new", before="1", after="2", label="Inserts")
    assert change_text(Translator("en"), change, "EUR") == "Inserts: 1 → 2"


def test_differences_carry_their_sign() -> None:
    assert signed_money("4.05", "EUR") == "+€4.05"
    assert signed_money("-3.00", "EUR") == "−€3.00"
    assert signed_money("0.00", "EUR") == "±€0.00"


def test_a_reorder_card_in_russian_says_why_the_price_changed() -> None:
    quote: dict[str, object] = {
        "id": "quo_b", "part_id": "prt_a", "filename": "bracket.stl", "process": "sla",
        "process_name": "SLA", "material": "tough", "material_name": "Tough resin",
        "quantity": 10, "lead": "standard", "currency": "EUR", "unit_price": "13.00",
        "total": "130.00", "tax_label": "НДС", "tax": "26.00", "total_with_tax": "156.00",
        "lines": [], "lead_time_days": 5, "ship_date": "2026-12-10",
        "expires_at": "2026-12-17T00:00:00+00:00", "expired": False,
    }  # fmt: skip
    reorder = Reorder(
        order_id="ord_a", order_number=7, part_revision=2,
        previous=Quote(**(quote | {"id": "quo_a", "total": "111.50"})),  # type: ignore[arg-type]
        quote=Quote(**quote),  # type: ignore[arg-type]
        total_change="18.50", unit_price_change="1.85",
        changes=[
            PriceChange(code="card_version_changed", before="a", after="b"),
            PriceChange(code="ship_date_moved", before="2026-03-06", after="2026-12-10"),
        ],
    )  # fmt: skip
    text = reorder_caption(Translator("ru"), reorder)
    assert "Повтор заказа №7</b> (ревизия 2)" in text
    assert "Итого €111.50 → €130.00 (+€18.50)" in text
    assert "· изменился прайс-лист" in text
    assert "· дата отгрузки 2026-03-06 → 2026-12-10" in text
