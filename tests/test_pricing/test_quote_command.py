"""`smallbatch quote`: the table, the JSON, and errors, with a fake analysis."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pytest

from geometry import MeshReport
from geometry.errors import CorruptFile
from pricing import RateCard
from smallbatch.commands import quote as command
from tests.test_pricing.factories import box_report

MONDAY = date(2026, 3, 2)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="smallbatch")
    command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["quote", *argv])


@pytest.fixture
def part_file(tmp_path: Path) -> Path:
    path = tmp_path / "bracket.stl"
    path.write_bytes(b"solid fake\nendsolid fake\n")
    return path


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Replace file analysis with a box; record what it was asked."""
    calls: list[tuple[str, str | None]] = []

    def fake(data: bytes, filename: str, units: str | None = None, **_how: object) -> MeshReport:
        calls.append((filename, units))
        return box_report(30, 20, 10)

    monkeypatch.setattr(command, "analyze_isolated", fake)
    return calls


def test_the_table_shows_each_quantity_the_cheapest_and_the_crossovers(card: RateCard) -> None:
    report = box_report(30, 20, 10)
    text = command.render_table(command.price(report, card, [1, 1000]), report, "bracket.stl")
    assert "bracket.stl: 30.0 x 20.0 x 10.0 mm" in text
    assert text.count("<- cheapest") == 2
    assert "cheapest for 1: FDM, PLA" in text
    assert "total with VAT" in text
    assert "crossovers:" in text


def test_the_table_lists_impossible_choices_once_with_their_reason(card: RateCard) -> None:
    report = box_report(30, 20, 10, voids=1, void_volume_mm3=100.0)
    text = command.render_table(command.price(report, card, [1, 10]), report, "hollow.stl")
    assert "cannot be made:" in text
    assert text.count("SLA / Standard resin: The part has 1 enclosed void") == 1


def test_the_table_says_the_prices_of_an_open_mesh_are_estimates(card: RateCard) -> None:
    report = box_report(30, 20, 10, watertight=False)
    text = command.render_table(command.price(report, card, [1, 10]), report, "open.stl")
    assert "! estimate: The model is not a closed solid" in text
    closed = box_report(30, 20, 10)
    assert "! estimate" not in command.render_table(
        command.price(closed, card, [1, 10]), closed, "closed.stl"
    )


def test_the_json_is_one_object_with_money_as_strings(card: RateCard) -> None:
    got = json.loads(command.render_json(command.price(box_report(), card, [1, 10], today=MONDAY)))
    assert set(got) == {"currency", "quotes", "best"}
    assert got["best"]["1"] == {"process": "fdm", "material": "pla"}
    assert isinstance(got["quotes"][0]["total"], str)


def test_quote_prints_json_for_a_file(
    part_file: Path, analysed: list[tuple[str, str | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    status = command.run(parse(str(part_file), "--qty", "1,10", "--json", "--units", "inch"))
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert analysed == [("bracket.stl", "inch")]
    assert {q["quantity"] for q in out["quotes"]} == {1, 10}


def test_quote_narrows_to_a_process_and_material_and_writes_a_chart(
    part_file: Path,
    analysed: list[tuple[str, str | None]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    chart = tmp_path / "out" / "chart.png"
    argv = [str(part_file), "--process", "cnc", "--material", "al6061", "--lead", "express"]
    status = command.run(parse(*argv, "--chart", str(chart)))
    out = capsys.readouterr().out
    assert status == 0
    assert "Aluminium 6061" in out and "Stainless" not in out
    assert "Express delivery (+50%)" in out
    assert chart.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--process", "laser"], "unknown_process"),
        (["--process", "fdm", "--material", "gold"], "unknown_material"),
        (["--qty", "1,ten"], "bad_quantity"),
        (["--qty", "0"], "bad_quantity"),
    ],
)
def test_bad_choices_exit_2_with_an_error_code(
    part_file: Path,
    analysed: list[tuple[str, str | None]],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: str,
) -> None:
    status = command.run(parse(str(part_file), "--json", *argv))
    assert status == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == code


def test_a_bad_file_fails_as_in_analyze(
    part_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(data: bytes, filename: str, units: str | None = None, **_how: object) -> MeshReport:
        raise CorruptFile("The STL file is cut short.")

    monkeypatch.setattr(command, "analyze_isolated", broken)
    assert command.run(parse(str(part_file), "--json")) == 2
    assert json.loads(capsys.readouterr().out) == {
        "error": {"code": "corrupt_file", "message": "The STL file is cut short."}
    }
    assert command.run(parse(str(part_file))) == 2
    assert "error [corrupt_file]" in capsys.readouterr().err


def test_a_missing_file_and_a_bad_card_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert command.run(parse(str(tmp_path / "nope.stl"), "--json")) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "file_not_found"
    bad = tmp_path / "card.toml"
    bad.write_text("currency = 1\n")
    assert command.run(parse(str(tmp_path / "nope.stl"), "--json", "--card", str(bad))) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "bad_rate_card" and str(bad) in error["message"]
