"""Each shared choice (lead tiers, units, process ids) is defined once, in `vocabulary`.

The source check reads every module of the packages with `ast` and looks for a
*definition* of a choice: a `Literal[...]`, a tuple, list or set, or an enum
class that spells out two or more lead tiers or two or more units. One value on
its own (a default, a comparison, a key of a table typed by the vocabulary's
`Literal`) is a use that mypy checks against the one definition, and so is not
flagged; nor are sentences and i18n keys, which are text, not choices.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import vocabulary
from geometry.report import MM_PER_UNIT
from pricing.catalog import LeadTiers, Processes
from pricing.feasibility import VOID_TRAPS
from pricing.processes import MODELS
from tests.conftest import REPO

#: The packages whose code must take its choices from `vocabulary`.
PACKAGES = ("geometry", "pricing", "backend", "bot", "smallbatch")
#: A choice's values, by the name the check reports.
CHOICES: dict[str, frozenset[str]] = {
    "lead tiers": frozenset(vocabulary.LEAD_NAMES),
    "units": frozenset(vocabulary.UNITS),
}
ENUM_BASES = {"Enum", "StrEnum", "IntEnum"}


def _strings(nodes: list[ast.expr]) -> set[str]:
    return {n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _is_literal(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "Literal"


def _base_names(node: ast.ClassDef) -> set[str]:
    return {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}


def spelled_choices(source: str) -> list[tuple[int, str]]:
    """(line, choice) for each place in `source` that spells out two or more values of a choice."""
    found: set[tuple[int, str]] = set()
    for node in ast.walk(ast.parse(source)):
        values: set[str] = set()
        if isinstance(node, ast.Subscript) and _is_literal(node.value):
            inner = node.slice
            values = _strings(list(inner.elts) if isinstance(inner, ast.Tuple) else [inner])
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = _strings(node.elts)
        elif isinstance(node, ast.ClassDef) and _base_names(node) & ENUM_BASES:
            values = _strings([s.value for s in node.body if isinstance(s, ast.Assign)])
        for choice, known in CHOICES.items():
            if len(values & known) >= 2:
                found.add((getattr(node, "lineno", 0), choice))
    return sorted(found)  # a Literal's tuple of values is met twice: as itself and inside it


def source_files() -> list[Path]:
    """Every Python module of the packages that share the choices."""
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def test_no_package_spells_out_the_lead_tiers_or_the_units_again() -> None:
    files = source_files()
    assert len(files) > 50  # the packages were found where the check looks
    spelled = [
        f"{path.relative_to(REPO)}:{line}: {choice}"
        for path in files
        for line, choice in spelled_choices(path.read_text(encoding="utf-8"))
    ]
    assert spelled == [], "import these from `vocabulary` instead:\n" + "\n".join(spelled)


@pytest.mark.parametrize(
    "source",
    [
        'Lead = Literal["economy", "standard", "express"]',
        'Lead = typing.Literal["standard", "express"]',
        'LEADS = ("economy", "standard", "express")',
        'UNITS = ["mm", "inch"]',
        'parser.add_argument("--units", choices={"mm", "inch", "m"})',
        'class Units(StrEnum):\n    MM = "mm"\n    INCH = "inch"\n',
    ],
)
def test_the_check_finds_a_choice_spelled_out_in_any_of_its_shapes(source: str) -> None:
    assert spelled_choices(source), source


@pytest.mark.parametrize(
    "source",
    [
        'lead: LeadName = "standard"',
        'if units == "inch":\n    pass',
        'MM_PER_UNIT: dict[Unit, float] = {"mm": 1.0, "inch": 25.4, "m": 1000.0}',
        'TEXTS = ("Express delivery", "Economy")',
        'pair = ("mm", 1.0)',
    ],
)
def test_the_check_leaves_single_values_tables_and_text_alone(source: str) -> None:
    assert spelled_choices(source) == []


def test_each_choice_is_the_ordered_values_of_its_literal_type() -> None:
    assert vocabulary.LEAD_NAMES == ("economy", "standard", "express")
    assert vocabulary.UNITS == ("mm", "inch", "m")
    assert vocabulary.PROCESS_IDS == ("fdm", "sla", "sls", "mjf", "cnc", "casting", "moulding")
    for values in (vocabulary.LEAD_NAMES, vocabulary.UNITS, vocabulary.PROCESS_IDS):
        assert len(set(values)) == len(values)
    assert vocabulary.DEFAULT_LEAD in vocabulary.LEAD_NAMES


def test_vocabulary_imports_only_the_standard_library() -> None:
    imported: set[str] = set()
    for path in (REPO / "vocabulary").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    assert imported, "the check read no imports"
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_the_tables_keyed_by_a_choice_cover_exactly_its_values() -> None:
    assert tuple(LeadTiers.__struct_fields__) == vocabulary.LEAD_NAMES
    assert tuple(Processes.__struct_fields__) == vocabulary.PROCESS_IDS
    assert tuple(MODELS) == vocabulary.PROCESS_IDS
    assert set(MM_PER_UNIT) == set(vocabulary.UNITS)
    assert set(VOID_TRAPS) < set(vocabulary.PROCESS_IDS)  # FDM tolerates voids


def test_each_cost_model_narrows_to_the_card_struct_of_its_process() -> None:
    hints = {name: Processes.__annotations__[name] for name in vocabulary.PROCESS_IDS}
    for process_id, model in MODELS.items():
        assert hints[process_id] == f"{model.kind.__name__} | None", process_id
