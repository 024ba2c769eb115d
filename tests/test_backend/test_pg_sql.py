"""The PostgreSQL store's pure parts: placeholders, command tags, migration types."""

from __future__ import annotations

from backend.db import for_dialect
from backend.pg import changed_rows, numbered


def test_placeholders_are_numbered_in_order_and_quoted_question_marks_are_kept() -> None:
    sql = "SELECT '?' || x, \"a?b\" FROM t WHERE a = ? AND b LIKE '%?%' AND c IN (?, ?)"
    assert numbered(sql) == (
        "SELECT '?' || x, \"a?b\" FROM t WHERE a = $1 AND b LIKE '%?%' AND c IN ($2, $3)"
    )
    assert numbered("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1"
    assert numbered("SELECT 1") == "SELECT 1"


def test_the_changed_row_count_is_read_from_the_command_tag() -> None:
    assert changed_rows("UPDATE 3") == 3
    assert changed_rows("INSERT 0 1") == 1
    assert changed_rows("DELETE 0") == 0
    assert changed_rows("CREATE TABLE") == 0


def test_migrations_get_postgres_types_and_sqlite_keeps_its_own() -> None:
    ddl = "CREATE TABLE q (n INTEGER PRIMARY KEY, tolerance_mm REAL NOT NULL, realm TEXT)"
    assert for_dialect(ddl, "postgres") == (
        "CREATE TABLE q (n BIGINT PRIMARY KEY, tolerance_mm DOUBLE PRECISION NOT NULL, realm TEXT)"
    )
    assert for_dialect(ddl, "sqlite") == ddl
