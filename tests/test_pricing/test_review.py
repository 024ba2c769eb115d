"""Manual review rules from the rate card: facts in, reasons out; working hours; the range."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from pricing import QuoteRequest, RateCard, RateCardError, quote
from pricing.catalog import DEFAULT_CARD, QuantityRule, ReviewRules, WorkingHours, parse_rate_card
from pricing.review import (
    ADJUSTMENT,
    ReviewFacts,
    ReviewReason,
    answer_due,
    is_overdue,
    price_range,
    review_reasons,
    reviewed_quote,
)
from tests.test_pricing.factories import box_report

RULES = ReviewRules(
    total_above=1000.0,
    tolerances=("fine", "per_drawing"),
    drawing=True,
    warnings=("open_mesh", "thin_walls"),
    quantity=(QuantityRule(process="cnc", above=500),),
)
PLAIN = ReviewFacts(total=50_00, tolerance="standard", quantity=10, process="cnc")


def codes(facts: ReviewFacts, rules: ReviewRules = RULES) -> list[str]:
    return [reason.code for reason in review_reasons(rules, facts)]


def with_(**changes: object) -> ReviewFacts:
    fields = {name: getattr(PLAIN, name) for name in PLAIN.__struct_fields__}
    return ReviewFacts(**{**fields, **changes})


def test_a_plain_quote_needs_no_person() -> None:
    assert review_reasons(RULES, PLAIN) == ()


def test_a_total_above_the_limit_goes_to_a_person_and_the_limit_itself_does_not() -> None:
    assert codes(with_(total=1000_00)) == []
    assert review_reasons(RULES, with_(total=1000_01)) == (
        ReviewReason(code="total_above", detail="1000"),
    )


def test_a_tolerance_named_by_the_rules_goes_to_a_person() -> None:
    assert review_reasons(RULES, with_(tolerance="fine")) == (
        ReviewReason(code="tolerance", detail="fine"),
    )
    assert codes(with_(tolerance="per_drawing")) == ["tolerance"]
    assert codes(with_(tolerance=None)) == []


def test_an_attached_drawing_goes_to_a_person_only_when_the_card_says_so() -> None:
    assert codes(with_(has_drawing=True)) == ["drawing"]
    relaxed = ReviewRules(drawing=False)
    assert codes(with_(has_drawing=True), relaxed) == []


def test_listed_warning_codes_go_to_a_person_each_once() -> None:
    facts = with_(warnings=("multiple_bodies", "thin_walls", "open_mesh", "thin_walls"))
    assert [(r.code, r.detail) for r in review_reasons(RULES, facts)] == [
        ("warning", "thin_walls"),
        ("warning", "open_mesh"),
    ]


def test_a_quantity_above_the_process_limit_goes_to_a_person_for_that_process_only() -> None:
    assert codes(with_(quantity=500)) == []
    assert review_reasons(RULES, with_(quantity=501)) == (
        ReviewReason(code="quantity_above", detail="cnc:500"),
    )
    assert codes(with_(quantity=501, process="sla")) == []


def test_every_process_refused_goes_to_a_person_unless_the_card_turns_it_off() -> None:
    refused = with_(total=None, all_refused=True, process=None)
    assert codes(refused) == ["all_refused"]
    assert codes(refused, ReviewRules(all_refused=False)) == []


def test_several_rules_give_several_reasons_in_the_cards_order() -> None:
    facts = with_(total=2000_00, tolerance="fine", has_drawing=True, quantity=600)
    assert codes(facts) == ["total_above", "tolerance", "drawing", "quantity_above"]


MONDAY = datetime(2026, 11, 30, tzinfo=UTC)
HOURS = WorkingHours(days=(1, 2, 3, 4, 5), start_hour=9, end_hour=17, utc_offset_hours=0)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (MONDAY.replace(hour=10), 2, MONDAY.replace(hour=12)),
        (MONDAY.replace(hour=15), 4, MONDAY.replace(day=1, month=12, hour=11)),
        (MONDAY.replace(hour=6), 8, MONDAY.replace(hour=17)),
        # Friday 16:00 + 8 h: 1 h on Friday, 7 h on Monday.
        (datetime(2026, 12, 4, 16, tzinfo=UTC), 8, datetime(2026, 12, 7, 16, tzinfo=UTC)),
        # Saturday counts from Monday's opening.
        (datetime(2026, 12, 5, 12, tzinfo=UTC), 1, datetime(2026, 12, 7, 10, tzinfo=UTC)),
    ],
)
def test_the_answer_is_due_in_working_hours(start: datetime, hours: int, due: datetime) -> None:
    assert answer_due(start, hours, HOURS) == due


def test_working_hours_are_the_shops_local_time() -> None:
    moscow = WorkingHours(start_hour=9, end_hour=18, utc_offset_hours=3)
    # 05:00 UTC is 08:00 in Moscow: one hour later the shop opens, so 2 h are due at 11:00 local.
    assert answer_due(MONDAY.replace(hour=5), 2, moscow) == MONDAY.replace(hour=8)


def test_overdue_once_the_due_time_has_come() -> None:
    due = MONDAY.replace(hour=12)
    assert not is_overdue(due, due.replace(hour=11))
    assert is_overdue(due, due)


def test_the_range_holds_the_price_in_whole_minor_units() -> None:
    rules = ReviewRules(range_low=0.9, range_high=1.3)
    assert price_range(10_01, rules) == (9_00, 13_02)


def test_the_default_card_keys_review_rules_by_its_own_tolerance_ids(card: RateCard) -> None:
    assert "fine" in card.review.tolerances
    assert card.review.answer_hours >= 1
    assert any(rule.process == "cnc" for rule in card.review.quantity)


def test_a_review_rule_naming_an_unknown_tolerance_is_an_error() -> None:
    text = DEFAULT_CARD.read_text(encoding="utf-8")
    wrong = re.sub(r"(?m)^tolerances = \[.*$", 'tolerances = ["finest"]', text, count=1)
    assert wrong != text
    with pytest.raises(RateCardError, match="finest"):
        parse_rate_card(wrong.encode(), "card.toml")


def test_a_review_table_with_a_misspelt_field_names_the_path() -> None:
    text = DEFAULT_CARD.read_text(encoding="utf-8")
    wrong = text.replace("answer_hours = 8", "answer_hour = 8", 1)
    with pytest.raises(RateCardError, match="review"):
        parse_rate_card(wrong.encode(), "card.toml")


def test_working_hours_that_close_before_they_open_are_an_error() -> None:
    text = DEFAULT_CARD.read_text(encoding="utf-8")
    wrong = text.replace("end_hour = 18", "end_hour = 8", 1)
    with pytest.raises(RateCardError, match="start_hour"):
        parse_rate_card(wrong.encode(), "card.toml")


def test_a_price_set_on_review_keeps_the_lines_adding_up_and_taxes_the_new_total(
    card: RateCard,
) -> None:
    today = MONDAY.date()
    base = quote(
        box_report(), QuoteRequest(process="cnc", material="al6061", quantity=10), card, today
    )
    assert base.total is not None
    firm = reviewed_quote(base, card, today, total=base.total + 123_45, days=12)
    assert firm.total == base.total + 123_45
    assert sum(line.amount for line in firm.lines) == firm.total
    assert firm.lines[-1].label == ADJUSTMENT
    assert firm.tax == round(firm.total * card.tax_rate)
    assert firm.lead_time_days == 12 and firm.ship_date == datetime(2026, 12, 16).date()
    assert firm.review == () and firm.feasible


def test_approving_keeps_the_instant_price_and_lines(card: RateCard) -> None:
    today = MONDAY.date()
    base = quote(box_report(), QuoteRequest(process="fdm", material="pla", quantity=3), card, today)
    firm = reviewed_quote(base, card, today)
    assert (firm.total, firm.lines, firm.lead_time_days) == (
        base.total,
        base.lines,
        base.lead_time_days,
    )
