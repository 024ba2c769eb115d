"""The pure half of `smallbatch db copy`: table order, batch sizes, schema checks, the report."""

from __future__ import annotations

import pytest

from backend.copying.files import named_keys
from backend.copying.plan import (
    CopyRefused,
    Count,
    Table,
    batch_size,
    dependency_order,
    report,
    schema_differences,
)


def table(name: str, *parents: str, columns: tuple[str, ...] = ("id",)) -> Table:
    return Table(name=name, columns=columns, parents=frozenset(parents))


def test_tables_come_after_the_tables_their_foreign_keys_name() -> None:
    tables = [
        table("events", "orders", "parts", "reviews"),
        table("reviews", "parts", "quotes"),
        table("orders", "quotes"),
        table("quotes", "parts"),
        table("parts", "files", "parts"),  # a reference to itself orders nothing
        table("files"),
        table("staff", "gone"),  # a table outside the set orders nothing either
    ]
    names = [t.name for t in dependency_order(tables)]
    assert sorted(names) == sorted(t.name for t in tables)
    for t in tables:
        for parent in t.parents - {t.name, "gone"}:
            assert names.index(parent) < names.index(t.name), (parent, t.name)
    assert names[:2] == ["files", "staff"]  # among equals, by name


def test_a_cycle_of_foreign_keys_is_refused_naming_its_tables() -> None:
    with pytest.raises(CopyRefused, match="cycle: a, b"):
        dependency_order([table("a", "b"), table("b", "a"), table("c")])


def test_a_batch_stays_under_postgres_parameter_limit() -> None:
    assert batch_size(3) == 500
    assert batch_size(200) * 200 <= 32767
    assert batch_size(100_000) == 1


def test_a_target_table_missing_or_with_other_columns_is_named() -> None:
    source = [table("a", columns=("id", "x")), table("b"), table("c", columns=("id", "y"))]
    target = {"a": ["x", "id"], "c": ["id", "z"]}
    assert schema_differences(source, target) == [
        "b: missing",
        "c: columns differ (only in source ['y'], only in target ['z'])",
    ]


def test_the_report_marks_every_count_that_differs_and_the_missing_files() -> None:
    text = report(
        [Count(name="orders", rows=3, copied=3), Count(name="order_history", rows=9, copied=8)],
        [Count(name="files/", rows=2, copied=2)],
        ["qc/ab/ab12"],
    )
    lines = text.splitlines()
    assert lines[1].split() == ["orders", "3", "3"]
    assert lines[2].split() == ["order_history", "9", "8", "MISMATCH"]
    assert lines[4].split() == ["files/", "2", "2"]
    assert lines[-1] == "MISSING: 1 stored file(s) the database names: qc/ab/ab12"


def test_the_database_names_each_customer_file_and_each_qc_photo_once() -> None:
    keys = named_keys(["ab01", "cd02"], ['["ef03", "ab01"]', "[]", '["ef03"]'])
    assert keys == ["files/ab/ab01", "files/cd/cd02", "qc/ab/ab01", "qc/ef/ef03"]


def test_evidence_photos_are_named_beside_the_qc_checks_photos_once() -> None:
    keys = named_keys(["ab01"], ['["ef03"]'], ["ef03", "aa09"])
    assert keys == ["files/ab/ab01", "qc/aa/aa09", "qc/ef/ef03"]
