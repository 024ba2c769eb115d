"""What a copy moves and in which order, and the table it reports: pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import msgspec

#: Rows per INSERT; fewer for wide tables so that one statement stays under PostgreSQL's
#: 32767 parameters.
BATCH_ROWS = 500
MAX_PARAMETERS = 30_000


class CopyRefused(Exception):
    """The copy cannot start (or must stop) for a reason the operator fixes; exit status 2."""


class Table(msgspec.Struct, frozen=True):
    """One table of the source database: its columns and the tables its foreign keys name."""

    name: str
    columns: tuple[str, ...]
    parents: frozenset[str] = frozenset()


class Count(msgspec.Struct, frozen=True):
    """One line of the report: what the source holds and what the target holds after the copy."""

    name: str
    rows: int
    copied: int

    @property
    def ok(self) -> bool:
        """The target holds exactly what the source does."""
        return self.rows == self.copied


def dependency_order(tables: Iterable[Table]) -> list[Table]:
    """Every table after the tables it references (then by name), so foreign keys hold.

    A reference to itself or to a table outside the set does not order anything; a cycle
    cannot be inserted table by table and is refused, naming its tables.
    """
    pending = {table.name: table for table in tables}
    ordered: list[Table] = []
    while pending:
        ready = sorted(
            name for name, table in pending.items() if not (table.parents - {name}) & pending.keys()
        )
        if not ready:
            cycle = ", ".join(sorted(pending))
            raise CopyRefused(f"the foreign keys of these tables form a cycle: {cycle}")
        ordered.extend(pending.pop(name) for name in ready)
    return ordered


def batch_size(columns: int) -> int:
    """Rows per INSERT for a table this wide."""
    return max(1, min(BATCH_ROWS, MAX_PARAMETERS // max(1, columns)))


def schema_differences(source: Sequence[Table], target: Mapping[str, Sequence[str]]) -> list[str]:
    """Each source table the target lacks or holds with other columns, as a sentence."""
    problems = []
    for table in source:
        found = target.get(table.name)
        if found is None:
            problems.append(f"{table.name}: missing")
        elif set(found) != set(table.columns):
            extra = sorted(set(found) - set(table.columns))
            lacking = sorted(set(table.columns) - set(found))
            problems.append(f"{table.name}: columns differ (only in source {lacking}, "
                            f"only in target {extra})")  # fmt: skip
    return problems


def report(tables: Sequence[Count], files: Sequence[Count], missing: Sequence[str]) -> str:
    """The table the command prints: rows (or files) in the source, copied, and any mismatch."""
    lines = [("table", "rows", "copied", "")]
    lines += [(c.name, str(c.rows), str(c.copied), "" if c.ok else "MISMATCH") for c in tables]
    lines += [("stored files", "files", "copied", "")]
    lines += [(c.name, str(c.rows), str(c.copied), "" if c.ok else "MISMATCH") for c in files]
    width = max(len(line[0]) for line in lines)
    text = [f"{n:<{width}}  {r:>8}  {c:>8}  {flag}".rstrip() for n, r, c, flag in lines]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        text.append(f"MISSING: {len(missing)} stored file(s) the database names: {shown}")
    return "\n".join(text) + "\n"
