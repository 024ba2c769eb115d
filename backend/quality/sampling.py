"""ISO 2859-1 sampling: general inspection level II, normal inspection, single sampling.

Pure data and lookups. Table I gives a lot size's sample size code letter; Table II-A
gives, per code letter and AQL, the sample size and the accept (Ac) and reject (Re)
numbers, or an arrow: ↓ means "use the first plan below the arrow", ↑ "the first plan
above", and that plan's sample size with it. When the sample size reaches the lot
size, every part is inspected. An AQL of 0 is the c=0 convention for critical
characteristics: the code letter's own sample size, accept 0, reject 1.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import msgspec

from pricing.quality import AQL_SERIES, ZERO_DEFECTS

CodeLetter = Literal["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R"]
LETTERS: tuple[CodeLetter, ...] = (
    "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R",
)  # fmt: skip

#: Table I, general inspection level II: (largest lot size, code letter); beyond the last, Q.
CODE_LETTERS: tuple[tuple[int, CodeLetter], ...] = (
    (8, "A"), (15, "B"), (25, "C"), (50, "D"), (90, "E"), (150, "F"), (280, "G"), (500, "H"),
    (1200, "J"), (3200, "K"), (10000, "L"), (35000, "M"), (150000, "N"), (500000, "P"),
)  # fmt: skip
LARGEST_LOT_LETTER: CodeLetter = "Q"

#: Table II-A's sample size per code letter.
SAMPLE_SIZES: dict[CodeLetter, int] = dict(
    zip(LETTERS, (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000), strict=True)
)

#: Table II-A, normal inspection, the percent-nonconforming columns (AQL 0.010 … 10, in
#: `AQL_SERIES` order), a row per code letter: "Ac/Re", "v" (↓) or "^" (↑). Checked cell by
#: cell against published copies of the table in tests/test_backend/test_iso2859_tables.py.
_TABLE_II_A = """
A   v     v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^
B   v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v
C   v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2
D   v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3
E   v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4
F   v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6
G   v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8
H   v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11
J   v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15
K   v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22
L   v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^
M   v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^
N   v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^
P   v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^
Q   0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^
R   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^
"""


def _cells() -> dict[CodeLetter, tuple[str, ...]]:
    rows: dict[CodeLetter, tuple[str, ...]] = {}
    for line in _TABLE_II_A.strip().splitlines():
        letter, *cells = line.split()
        assert len(cells) == len(AQL_SERIES), letter  # a transcription slip fails at import
        rows[LETTERS[LETTERS.index(letter)]] = tuple(cells)
    assert tuple(rows) == LETTERS
    return rows


TABLE_II_A = _cells()


class SamplingPlan(msgspec.Struct, frozen=True):
    """How many parts of the lot to inspect and the defectives that accept or reject it.

    `letter` is the lot's code letter, `table_letter` the row the plan was read from
    (another row when an arrow was followed); `every_part` when the sample is the lot.
    """

    letter: CodeLetter
    table_letter: CodeLetter
    aql: float
    sample_size: int
    accept: int
    reject: int
    every_part: bool


def code_letter(lot_size: int) -> CodeLetter:
    """Table I, general level II: the lot's sample size code letter (a lot of 1 is A)."""
    if lot_size < 1:
        raise ValueError("a lot has at least one part")
    return next((letter for top, letter in CODE_LETTERS if lot_size <= top), LARGEST_LOT_LETTER)


class LetterPlan(NamedTuple):
    """Table II-A's plan for a code letter and AQL: the row read and its n, Ac and Re."""

    table_letter: CodeLetter
    sample_size: int
    accept: int
    reject: int


def letter_plan(letter: CodeLetter, aql: float) -> LetterPlan:
    """Table II-A at (letter, AQL), arrows followed; AQL 0 is the letter's n with c=0."""
    if aql == ZERO_DEFECTS:
        return LetterPlan(letter, SAMPLE_SIZES[letter], 0, 1)
    if aql not in AQL_SERIES:
        raise ValueError(f"{aql} is not an AQL of ISO 2859-1")
    row, accept, reject = _follow(letter, AQL_SERIES.index(aql))
    return LetterPlan(row, SAMPLE_SIZES[row], accept, reject)


def sampling_plan(lot_size: int, aql: float) -> SamplingPlan:
    """The single sampling plan for normal inspection of `lot_size` parts at `aql`."""
    letter = code_letter(lot_size)
    found = letter_plan(letter, aql)
    return SamplingPlan(
        letter=letter, table_letter=found.table_letter, aql=aql,
        sample_size=min(found.sample_size, lot_size), accept=found.accept, reject=found.reject,
        every_part=found.sample_size >= lot_size,
    )  # fmt: skip


def _follow(letter: CodeLetter, column: int) -> tuple[CodeLetter, int, int]:
    """Follow the arrows from (letter, column) to the first cell with numbers."""
    index = LETTERS.index(letter)
    cell = TABLE_II_A[letter][column]
    step = 1 if cell == "v" else -1
    while cell in ("v", "^"):
        nxt = index + step
        if not 0 <= nxt < len(LETTERS):
            # An arrow off the table's edge (↑ at A for AQL 10, ↓ at R for 0.015): the
            # published copies take the plan the other way (C's at A, P's at R).
            step = -step
            nxt = index + step
        index = nxt
        cell = TABLE_II_A[LETTERS[index]][column]
    accept, reject = (int(n) for n in cell.split("/"))
    return LETTERS[index], accept, reject
