"""The specifications on a quote card and the questions of the step, without a chat."""

from __future__ import annotations

import re

import msgspec
import pytest

from backend.quotes.specs import catalog_process
from bot.api import CatalogProcess, Line, Quote, SpecRow, ThreadCandidate
from bot.emulator.html_mode import parse_html
from bot.i18n import Translator
from bot.render import quote_caption
from bot.spec_keyboards import Question, Stage, next_question
from pricing import load_rate_card

HOSTILE = "<3 wall <1 mm & a<b> &lt; </b>"
HOLES = [
    ThreadCandidate(diameter_mm=4.2, thread="M5", count=4),
    ThreadCandidate(diameter_mm=6.8, thread="M8", count=1),
]


def process(pid: str) -> CatalogProcess:
    """The default card's process as the bot reads it from the catalog."""
    card = load_rate_card()
    found = card.process(pid)
    assert found is not None
    wire = msgspec.json.encode(catalog_process(pid, found))
    return msgspec.json.decode(wire, type=CatalogProcess)


def quote(**specs: object) -> Quote:
    base = Quote(
        id="quo_1", part_id="prt_1", filename="tray.stl", process="cnc",
        process_name="CNC 3-axis", material="al6061", material_name="Aluminium 6061",
        quantity=10, lead="standard", currency="EUR", unit_price="26.54", total="265.40",
        tax_label="VAT", tax="53.08", total_with_tax="318.48",
        lines=[Line(label="Setup", amount="265.40")], lead_time_days=4,
        ship_date="2031-01-10", expires_at="2031-01-20T00:00:00Z", expired=False,
        tolerance="medium", tolerance_name="ISO 2768-m",
        tolerance_name_ru="ISO 2768-m (средний класс)",
    )  # fmt: skip
    return msgspec.structs.replace(base, **specs)


def buttons(question: Question) -> list[str]:
    return [b.text for row in question.markup.inline_keyboard for b in row]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_a_hostile_note_and_sizes_show_as_typed_in_valid_html(locale: str) -> None:
    noted = quote(
        note=HOSTILE,
        threads=[SpecRow(size=f"M5{HOSTILE}", count=4)],
        inserts=[SpecRow(size="M3", count=2)],
    )
    text, _ = parse_html(quote_caption(Translator(locale), noted))
    assert HOSTILE in text and f"4 × M5{HOSTILE}" in text and "2 × M3" in text


def test_a_russian_customer_reads_the_specs_in_russian() -> None:
    anodised = quote(
        finish="anodised", finish_name="Anodised (aluminium)",
        finish_name_ru="Анодирование (алюминий)", colour="black",
        threads=[SpecRow(size="M5", count=4)],
    )  # fmt: skip
    caption = quote_caption(Translator("ru"), anodised)
    specs = [line for line in caption.splitlines() if line.startswith(("Допуски", "Обработка"))]
    specs += [line for line in caption.splitlines() if line.startswith(("Цвет", "Резьба"))]
    assert specs == [
        "Допуски: ISO 2768-m (средний класс)",
        "Обработка: Анодирование (алюминий)",
        "Цвет: чёрный",
        "Резьба: 4 × M5",
    ]
    # Only the standard's and the thread's own names are Latin.
    assert re.findall(r"[A-Za-z]+", "\n".join(specs)) == ["ISO", "m", "M"]


def test_the_step_asks_each_group_of_holes_then_tolerance_and_skips_what_is_chosen() -> None:
    tr, cnc = Translator("en"), process("cnc")
    first = next_question(tr, quote(), cnc, HOLES, Stage.THREADS)
    assert first.text == "Tap 4 × Ø4.20 mm as M5?"
    assert buttons(first) == ["Yes", "No", "Skip ›", "✓ Done"]
    tapped = quote(threads=[SpecRow(size="M5", count=4)])
    assert next_question(tr, tapped, cnc, HOLES, Stage.THREADS).text == "Tap 1 × Ø6.80 mm as M8?"
    after = next_question(tr, tapped, cnc, HOLES, Stage.THREADS, index=2)
    assert after.text.startswith("Which tolerances?")
    assert buttons(after)[:4] == [
        "• ISO 2768-m",
        "ISO 2768-f",
        "ISO 2768-c",
        "Tighter, per drawing",
    ]


def test_a_process_that_taps_nothing_starts_at_the_tolerance() -> None:
    moulding = process("moulding")
    moulded = quote(process="moulding", material="abs")
    question = next_question(Translator("en"), moulded, moulding, HOLES, Stage.THREADS)
    assert question.text.startswith("Which tolerances?")


def test_colours_come_from_the_finish_and_one_colour_is_no_question() -> None:
    tr, cnc = Translator("en"), process("cnc")
    bare = next_question(tr, quote(), cnc, [], Stage.COLOUR)  # aluminium: natural only
    assert bare.text.startswith("Anything else")
    anodised = next_question(tr, quote(finish="anodised"), cnc, [], Stage.COLOUR)
    assert anodised.text == "Which colour?"
    assert buttons(anodised)[:4] == ["natural", "black", "red", "blue"]


def test_the_finish_question_marks_as_made_until_a_finish_is_chosen() -> None:
    tr, fdm = Translator("ru"), process("fdm")
    printed = quote(process="fdm", material="pla")
    names = buttons(next_question(tr, printed, fdm, [], Stage.FINISH))
    assert names[:2] == ["• Без обработки", "Шлифовка"]
    inserts = buttons(next_question(tr, printed, fdm, [], Stage.INSERTS))
    assert inserts[:3] == ["M2", "M2.5", "M3"]
