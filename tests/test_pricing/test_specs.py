"""Specifications: finishes, tolerances, threads, inserts, colour and note, priced by the card."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest

from geometry.report import ThreadCandidate
from pricing import Quote, QuoteRequest, RateCard, UnknownOptionError, parse_rate_card, quote
from pricing.catalog import DEFAULT_CARD
from pricing.errors import BadSpecError, RateCardError
from pricing.specs import MAX_NOTE, MAX_SPEC_ROWS, InsertSpec, ThreadSpec, clean_note
from tests.test_pricing.factories import box_report

# A block with four Ø4.2 holes (M5 tap drill), one Ø6.8 (M8) and two Ø2.5 (M3).
HOLED = msgspec.structs.replace(
    box_report(80, 50, 20, solid_share=0.6),
    thread_candidates=[
        ThreadCandidate(diameter_mm=4.2, thread="M5", tap_drill_mm=4.2, count=4),
        ThreadCandidate(diameter_mm=6.8, thread="M8", tap_drill_mm=6.8, count=1),
        ThreadCandidate(diameter_mm=2.5, thread="M3", tap_drill_mm=2.5, count=2),
    ],
)
MONDAY = date(2026, 3, 2)


def ask(card: RateCard, process: str = "cnc", material: str = "al6061", **specs: Any) -> Quote:
    request = QuoteRequest(process=process, material=material, quantity=10, **specs)
    return quote(HOLED, request, card, MONDAY)


def money(got: Quote) -> int:
    assert got.total is not None, got.reasons
    return got.total


def days(got: Quote) -> int:
    assert got.lead_time_days is not None, got.reasons
    return got.lead_time_days


def labels(got: Quote) -> list[str]:
    return [line.label for line in got.lines]


def test_every_process_offers_the_four_tolerance_classes_with_medium_first(
    card: RateCard,
) -> None:
    for _, process in card.offered():
        assert [t.id for t in process.tolerances] == ["medium", "fine", "coarse", "drawing"]
        assert all(t.name_ru for t in process.tolerances)
        assert [t.per_drawing for t in process.tolerances] == [False, False, False, True]
    assert ask(card).tolerance == "medium"


def test_the_default_request_adds_no_specification_lines(card: RateCard) -> None:
    got = ask(card)
    assert not any(label.startswith(("Finish", "Threads", "Inserts")) for label in labels(got))
    assert (got.threads, got.inserts, got.colour, got.note) == ((), (), None, None)


def test_threads_add_a_line_priced_per_hole_and_the_lines_still_add_up(card: RateCard) -> None:
    plain = ask(card)
    four = ask(card, threads=(ThreadSpec(size="M5", count=4),))
    two = ask(card, threads=(ThreadSpec(size="M5", count=2),))
    line = next(line for line in four.lines if line.label == "Threads: 4 × M5 tapped")
    assert sum(item.amount for item in four.lines) == money(four)
    # 4 holes at 1.40 EUR cost (tap drill 4.2 mm ≤ 6.8 mm), × 1.35 margin, × 10 parts.
    assert line.amount == 4 * 189 * 10
    assert money(four) - money(plain) == line.amount
    assert money(four) > money(two) > money(plain)
    assert four.threads == (ThreadSpec(size="M5", count=4),)


def test_larger_threads_cost_more_per_hole(card: RateCard) -> None:
    m3 = ask(card, threads=(ThreadSpec(size="M3", count=1),))
    m8 = ask(card, threads=(ThreadSpec(size="M8", count=1),))
    assert money(m8) > money(m3)


def test_more_threads_than_holes_drilled_for_them_are_refused(card: RateCard) -> None:
    with pytest.raises(BadSpecError, match="4 hole") as err:
        ask(card, threads=(ThreadSpec(size="M5", count=5),))
    assert err.value.code == "bad_spec"


def test_a_thread_no_hole_is_drilled_for_is_refused_naming_the_candidates(
    card: RateCard,
) -> None:
    with pytest.raises(BadSpecError, match="threads: M5, M8, M3"):
        ask(card, threads=(ThreadSpec(size="M6", count=1),))


def test_the_same_size_twice_or_too_many_rows_is_refused(card: RateCard) -> None:
    with pytest.raises(BadSpecError, match="once"):
        ask(card, threads=(ThreadSpec(size="M5", count=1), ThreadSpec(size="M5", count=1)))
    rows = tuple(InsertSpec(size=f"M{n}", count=1) for n in range(MAX_SPEC_ROWS + 1))
    with pytest.raises(BadSpecError, match=f"At most {MAX_SPEC_ROWS}"):
        ask(card, "fdm", "pla", inserts=rows)


def test_a_process_without_tapping_refuses_threads(card: RateCard) -> None:
    with pytest.raises(UnknownOptionError, match="not tapped"):
        ask(card, "moulding", "abs", threads=(ThreadSpec(size="M5", count=1),))


def test_inserts_are_priced_per_insert_with_install_time(card: RateCard) -> None:
    plain = ask(card, "fdm", "pla")
    got = ask(card, "fdm", "pla", inserts=(InsertSpec(size="M3", count=3),))
    line = next(line for line in got.lines if line.label == "Inserts: 3 × M3")
    # (0.15 EUR insert + 1 min at 30 EUR/h) × 1.35 = 0.8775 per insert, × 3, × 10 parts.
    assert line.amount == round(3 * 0.65 * 1.35 * 100) * 10
    assert sum(item.amount for item in got.lines) == money(got)
    assert money(got) - money(plain) == line.amount
    assert got.inserts == (InsertSpec(size="M3", count=3),)


def test_an_insert_size_not_on_the_card_is_an_unknown_option(card: RateCard) -> None:
    with pytest.raises(UnknownOptionError, match=r"inserts: M2, M2\.5, M3") as err:
        ask(card, "fdm", "pla", inserts=(InsertSpec(size="M42", count=1),))
    assert err.value.code == "unknown_option"
    with pytest.raises(UnknownOptionError, match="no inserts"):
        ask(card, "cnc", "al6061", inserts=(InsertSpec(size="M3", count=1),))


def test_a_finish_adds_its_line_and_its_extra_days(card: RateCard) -> None:
    plain = ask(card)
    anodised = ask(card, finish="anodised", colour="black")
    assert "Finish: Anodised (aluminium) (black)" in labels(anodised)
    assert days(anodised) == days(plain) + 3
    assert money(anodised) > money(plain)
    assert anodised.colour == "black"


def test_a_tighter_tolerance_adds_inspection_and_days_and_coarse_costs_less(
    card: RateCard,
) -> None:
    medium, fine, coarse = (ask(card, tolerance=t) for t in ("medium", "fine", "coarse"))
    drawing = ask(card, tolerance="drawing")
    assert "Inspection (ISO 2768-f)" in labels(fine)
    assert days(fine) == days(medium) + 1 and days(drawing) == days(medium) + 2
    assert money(coarse) < money(medium) < money(fine) < money(drawing)


def test_spec_days_add_up(card: RateCard) -> None:
    plain = ask(card, "fdm", "pla")
    got = ask(card, "fdm", "pla", finish="sanded", tolerance="fine")
    assert days(got) == days(plain) + 1 + 1


def test_a_spi_finish_is_paid_once_per_order_not_per_part(card: RateCard) -> None:
    one = quote(HOLED, QuoteRequest(process="moulding", material="abs", quantity=100), card)
    polished = quote(
        HOLED,
        QuoteRequest(process="moulding", material="abs", quantity=100, finish="spi-a2"),
        card,
    )
    polished_more = quote(
        HOLED,
        QuoteRequest(process="moulding", material="abs", quantity=1000, finish="spi-a2"),
        card,
    )
    more = quote(HOLED, QuoteRequest(process="moulding", material="abs", quantity=1000), card)
    extra = money(polished) - money(one)
    assert extra == round(1200 * 1.35 * 100)
    assert money(polished_more) - money(more) == extra


def test_colour_comes_from_the_finish_when_it_takes_one_else_from_the_material(
    card: RateCard,
) -> None:
    assert ask(card, "fdm", "pla", colour="red").colour == "red"
    with pytest.raises(UnknownOptionError, match="colours: natural"):
        ask(card, colour="black")  # bare aluminium comes only natural
    assert ask(card, finish="anodised", colour="red").colour == "red"
    with pytest.raises(UnknownOptionError, match="No colour"):
        ask(card, "fdm", "pla", colour="<b>gold</b>")


def test_the_note_is_kept_cleaned_and_bounded_and_costs_nothing(card: RateCard) -> None:
    plain = ask(card)
    noted = ask(card, note="  Deburr\u202e all\x00 edges\r\nplease\x1b[31m  ")
    assert noted.note == "Deburr all edges\nplease[31m"
    assert money(noted) == money(plain)
    assert clean_note("x" * (MAX_NOTE + 50)) == "x" * MAX_NOTE
    assert clean_note(" \x00\u200b\n ") is None


def test_a_finish_without_a_russian_name_is_a_card_error() -> None:
    text = DEFAULT_CARD.read_text()
    broken = text.replace('name_ru = "Шлифовка"\n', "", 1)
    with pytest.raises(RateCardError, match=r"finishes\[0\]: object missing required field"):
        parse_rate_card(broken.encode(), "card.toml")


def test_tap_rates_must_rise_with_the_drill_size() -> None:
    text = DEFAULT_CARD.read_text()
    broken = text.replace("up_to_drill_mm = 3.3", "up_to_drill_mm = 9.9", 1)
    with pytest.raises(RateCardError, match="tapping: rates must rise"):
        parse_rate_card(broken.encode(), "card.toml")
