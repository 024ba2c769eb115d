"""The rate card: the default loads, a wrong card names its path and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pricing import PROCESS_IDS, RateCard, RateCardError, card_version, load_rate_card
from pricing.catalog import DEFAULT_CARD, parse_rate_card

DEFAULT_TEXT = DEFAULT_CARD.read_text(encoding="utf-8")


def write_card(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "card.toml"
    path.write_text(text, encoding="utf-8")
    return path


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def nth_material_density_line(text: str, process: str, n: int) -> int:
    """Index in `text` of the `density =` line of a process's n-th material."""
    start = 0
    for _ in range(n + 1):
        start = text.index(f"[[processes.{process}.materials]]", start) + 1
    return text.index("density =", start)


def test_the_default_card_offers_every_process_with_the_briefs_materials(card: RateCard) -> None:
    offered = {pid: [m.id for m in p.materials] for pid, p in card.offered()}
    assert tuple(offered) == PROCESS_IDS
    assert offered["fdm"] == ["pla", "petg", "abs"]
    assert offered["sla"] == ["standard", "tough", "clear"]
    assert offered["sls"] == ["pa12", "pa11"]
    assert offered["mjf"] == ["pa12"]
    assert offered["cnc"] == ["al6061", "ss304", "pom", "abs"]
    assert offered["casting"] == ["abs-like", "pp-like", "rubber-like"]
    assert offered["moulding"] == ["abs", "pp", "pc"]


def test_the_default_card_uses_the_briefs_public_figures(card: RateCard) -> None:
    fdm, sla, sls = card.processes.fdm, card.processes.sla, card.processes.sls
    assert fdm is not None and sla is not None and sls is not None
    assert fdm.machines[0].hourly_rate == 8.0
    assert fdm.materials[0].price_per_kg == 25.0
    assert sla.materials[0].price_per_kg == 120.0
    assert sls.materials[0].price_per_kg == 60.0
    assert any(m.hourly_rate == 50.0 for m in sls.machines)


def test_every_figure_in_the_default_card_names_its_source() -> None:
    unexplained = []
    for number, line in enumerate(DEFAULT_TEXT.splitlines(), start=1):
        assignment = re.match(r"^\s*(\w+)\s*=\s*(\[?[-0-9.][^#]*)(#.*)?$", line)
        if not assignment:
            continue
        key, value, comment = assignment.groups()
        neutral = key in {"currency_digits", "lead_days", "extra_days"} or value.strip() in {
            "1.0",
            "0.0",
        }
        if neutral:
            continue
        if not comment or not re.search(r"\b(brief|spec|estimate)\b", comment):
            unexplained.append(f"{number}: {line.strip()}")
    assert unexplained == []


def test_a_wrong_density_names_the_file_and_the_field(tmp_path: Path) -> None:
    at = nth_material_density_line(DEFAULT_TEXT, "sla", 2)
    end = DEFAULT_TEXT.index("\n", at)
    path = write_card(tmp_path, DEFAULT_TEXT[:at] + "density = 0.0" + DEFAULT_TEXT[end:])
    with pytest.raises(RateCardError) as caught:
        load_rate_card(path)
    assert str(caught.value) == f"{path}: processes.sla.materials[2].density: expected > 0"
    assert caught.value.code == "bad_rate_card"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("margin = 0.35", "margin = 0.35\nmargn = 0.3", ": object contains unknown field `margn`"),
        ('currency = "EUR"', 'currency = "euro"', "currency: expected `str` matching"),
        ("tax_rate = 0.20", "tax_rate = 1.5", "tax_rate: expected <= 1"),
        ("price_per_kg = 25.0", "price_per_kg = 25.0\nprice_per_litre = 30.0", "materials[0]:"),
        ("mould_life = 20", "mould_life = 0", "processes.casting.mould_life: expected >= 1"),
        ('master_material = "standard"', 'master_material = "gold"', "names no SLA material"),
        ("envelope_mm = [250.0, 220.0, 270.0]", "envelope_mm = [250.0, 220.0]", "envelope_mm"),
        ('tax_id = "DE', 'taxid = "DE', "shop: object contains unknown field `taxid`"),
        ('name = "smallbatch workshop"', 'name = ""', "shop.name: expected `str` of length >= 1"),
        ('"10115 Berlin", "Germany"]', '"10115 Berlin", 12]', "shop.address[2]: expected `str`"),
        ("aql_major = 2.5", "aql_major = 2.4", "quality: aql_major = 2.4 is not an AQL of ISO"),
        ("aql_minor = 4.0", "aql_minor = 15.0", "quality: aql_minor = 15.0 is not an AQL of ISO"),
        ("aql_critical = 0", 'aql_critical = "none"', "quality.aql_critical: expected `float`"),
        ("aql_minor = 4.0", "aql_minor = 4.0\naql_x = 1.0", "quality: object contains unknown"),
    ],
)
def test_a_wrong_card_fails_with_a_message_naming_the_problem(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    path = write_card(tmp_path, replace_once(DEFAULT_TEXT, old, new))
    with pytest.raises(RateCardError) as caught:
        load_rate_card(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)


def test_the_default_card_inspects_to_the_briefs_aqls(card: RateCard) -> None:
    quality = card.quality
    assert (quality.aql_critical, quality.aql_major, quality.aql_minor) == (0.0, 2.5, 4.0)


def test_a_card_that_is_not_toml_says_so(tmp_path: Path) -> None:
    path = write_card(tmp_path, "currency = \n")
    with pytest.raises(RateCardError, match=r"card\.toml: not valid TOML"):
        load_rate_card(path)


def test_a_missing_card_names_its_path(tmp_path: Path) -> None:
    with pytest.raises(RateCardError, match=r"nowhere\.toml: cannot read the rate card"):
        load_rate_card(tmp_path / "nowhere.toml")


def test_without_a_path_the_packaged_card_loads(card: RateCard) -> None:
    assert load_rate_card() == card


def test_the_card_version_is_a_short_stable_hash(card: RateCard) -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", card.version)
    assert card_version(load_rate_card(DEFAULT_CARD)) == card.version


def test_comments_and_layout_do_not_change_the_version_but_a_figure_does(card: RateCard) -> None:
    reformatted = "# a comment the shop added\n\n" + DEFAULT_TEXT.replace(
        "margin = 0.35", "margin=0.35"
    )
    assert parse_rate_card(reformatted.encode()).version == card.version
    changed = DEFAULT_TEXT.replace("margin = 0.35", "margin = 0.36")
    assert parse_rate_card(changed.encode()).version != card.version


def test_a_shop_can_leave_processes_out() -> None:
    start = DEFAULT_TEXT.index("[processes.moulding]")
    card = parse_rate_card(DEFAULT_TEXT[:start].encode())
    assert card.processes.moulding is None
    assert card.process("moulding") is None
    assert card.process("fdm") is not None


def test_the_default_card_names_the_shop_and_its_terms_in_both_languages() -> None:
    shop = load_rate_card().shop
    assert shop.name and shop.address and shop.tax_id and shop.payment
    assert len(shop.terms_en) == len(shop.terms_ru) > 0
