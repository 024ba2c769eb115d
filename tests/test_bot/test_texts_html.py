"""Every text the bot sends is HTML Telegram accepts, whatever customers and staff type.

The bot sends in parse_mode HTML, where Telegram refuses a bare `<` (`wall <1 mm`, `<3`), so
each template must parse and each value from outside must be escaped. The parser is the
emulator's port of Telegram's.
"""

from __future__ import annotations

import string

import msgspec
import pytest

from bot.api import HistoryEntry, Line, Order, Part, Quote, Report, ReportWarning
from bot.emulator.html_mode import parse_html
from bot.i18n import EN, RU, Translator
from bot.render import (
    order_line,
    part_caption,
    quote_caption,
    shown_length,
    staff_caption,
    track_text,
    with_footer,
)

HOSTILE = "<3 wall <1 mm & a<b> &lt; </b>"  # what a person might type, shown as typed


def _filled(template: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(names, "7"))


@pytest.mark.parametrize(
    "template",
    [*EN.values(), *RU.values()],
    ids=[*(f"en:{key}" for key in EN), *(f"ru:{key}" for key in RU)],
)
def test_every_template_is_html_telegram_accepts(template: str) -> None:
    parse_html(_filled(template))


def _quote() -> Quote:
    return Quote(
        id="quo_1", part_id="prt_1", filename=f"{HOSTILE}.stl", process="sla",
        process_name=f"SLA {HOSTILE}", material="tough", material_name=f"Tough {HOSTILE}",
        quantity=10, lead="standard", currency="EUR", unit_price="26.54", total="265.40",
        tax_label=f"VAT {HOSTILE}", tax="53.08", total_with_tax="318.48",
        lines=[Line(label=f"Setup {HOSTILE}", amount="65.40")], lead_time_days=4,
        ship_date="2031-01-10", expires_at="2031-01-20T00:00:00Z", expired=False,
        review=[HOSTILE],
    )  # fmt: skip


def _order() -> Order:
    history = [
        HistoryEntry(version=1, status="placed", actor="customer", at="2031-01-01T10:00:00Z"),
        HistoryEntry(
            version=2, status="shipped", actor="staff:5", at="2031-01-02T10:00:00Z",
            note=HOSTILE, carrier=f"DHL {HOSTILE}", tracking_number=HOSTILE,
        ),
    ]  # fmt: skip
    return Order(
        id="ord_1", number=7, quote_id="quo_1", part_id="prt_1", customer=f"tg {HOSTILE}",
        status="shipped", version=2, carrier=f"DHL {HOSTILE}", tracking_number=HOSTILE,
        created_at="2031-01-01T10:00:00Z", history=history, next_statuses=[],
    )  # fmt: skip


def _part() -> Part:
    report = Report(
        format="stl", units="mm", bodies=1, voids=0, watertight=True,
        volume_mm3=1000.0, area_mm2=600.0, bbox_mm=[10.0, 10.0, 10.0], min_wall_mm=0.4,
        warnings=[ReportWarning(code="no_translation", message=HOSTILE)],
    )  # fmt: skip
    return Part(id="prt_1", filename=f"{HOSTILE}.stl", size_bytes=10, status="ready", report=report)


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_cards_with_text_from_outside_parse_and_show_it_as_typed(locale: str) -> None:
    tr = Translator(locale)
    cards = [
        part_caption(tr, _part()),
        quote_caption(tr, _quote()),
        track_text(tr, _order()),
        staff_caption(tr, _order(), _quote(), []),
        order_line(tr, _order(), _quote()),
    ]
    for card in cards:
        text, _ = parse_html(card)
        assert HOSTILE in text, card


def _telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_caption_clipped_for_a_huge_file_name_stays_valid_html_within_1024() -> None:
    part = msgspec.structs.replace(_part(), filename="<&" * 400 + ".stl")
    text, _ = parse_html(part_caption(Translator("en"), part))
    assert _telegram_length(text) <= 1024
    assert text.startswith("📐 <&<&")


def test_the_history_of_an_order_with_long_notes_fits_one_message() -> None:
    order = _order()
    entry = msgspec.structs.replace(order.history[1], note="<" * 2000)
    order = msgspec.structs.replace(order, history=[order.history[0], *[entry] * 4])
    text, _ = parse_html(track_text(Translator("en"), order))
    assert _telegram_length(text) <= 4096
    assert f"DHL {HOSTILE}" in text  # the tracking line at the end is kept


def test_a_question_under_a_full_part_card_is_kept_and_the_caption_fits() -> None:
    warnings = [ReportWarning(code="no_translation", message=f"<{n}>") for n in range(300)]
    part = _part()
    assert part.report is not None
    part = msgspec.structs.replace(
        part, report=msgspec.structs.replace(part.report, warnings=warnings)
    )
    tr = Translator("en")
    card = part_caption(tr, part)
    footer = "\n\nChoose a process:"
    assert shown_length(card) + len(footer) > 1024  # the card alone nearly fills a caption
    text, _ = parse_html(with_footer(card, tr("choose_process")))
    assert _telegram_length(text) <= 1024
    assert text.endswith(footer)
