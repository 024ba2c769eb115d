"""ISO 2859-1 Table I (level II) and Table II-A (single, normal) against published copies.

ISO 2859-1's Table II-A is the table of ANSI/ASQ Z1.4 and MIL-STD-105E. The standard is not
public, so `backend.quality.sampling`'s grid is checked against independent transcriptions:

- AQLSchemes (John Lawson, on CRAN): repository cran/AQLSchemes, file R/AAZ14Single.R at
  commit c60f3b34948dec4c8894791a87dacb254a0ef837. Its matrices ANSIASQSingleNormalss,
  ANSIASQSingleNormalac and ANSIASQSingleNormalre hold the plan after the arrows for every code
  letter and AQL; `_AQLSCHEMES_N` and `_AQLSCHEMES_AC` below are their first 16 columns
  (AQL 0.010 … 10) copied cell for cell, and their Re is Ac + 1 in all 256 cells. Its
  SSCodeLetters matrix, column II, is Table I.
- Planesmuestra (Erick Marroquin, on CRAN): cran/Planesmuestra, data/milstd105eplans.rda at
  commit 61fdc54a97fd79c716364604aca1ca82dc28962a, rows with T == "n": the same accept number
  as AQLSchemes in all 256 cells (its n column keeps the letter's own sample size, so only Ac
  compares); data/code_letter.rda and data/lot_size.rda hold Table I, the same as below.
- http://www.nibs.org/FMOC/DPW_AC/AC-TABLE.ASC, "TABLE 1-A ... developed from MIL-STD-105E
  using TABLE I Sample size code letters and TABLE II-A": the printed cells, arrows included,
  for letters A to Q and AQL 0.65 … 10 (`_MIL_STD_105E_PRINTED`), and Table I's level II rows.
- https://www.aqlinspectorsrule.com/below: "For Normal inspection for AQL of 0.015 and code
  letter R move to letter P and use sample size of 800, Accept number of 0 and Reject number
  of 1" (the arrow at the table's bottom edge, below).

These agree with one another on every cell compared. A fifth copy, the sheet 抽样计划标准 of
抽样标准GB2828.xlsx in chenmo7760/GB2828-Sampling-Calculator (commit f5d66c5, GB/T 2828.1 =
ISO 2859-1, letters A to Q), agrees on 239 of 240 cells and has D at AQL 10 as 3/4, where all
the others (and the table's diagonals) have 2/3: a slip in that sheet, so it is not used here.

Two arrows in the printed table point off its edge: ↑ at letter A, AQL 10 (nothing above A;
printed so in the MIL-STD-105E copy) and, by the same diagonal, ↓ at R, AQL 0.015 (nothing
below R). Both copies that resolve them go the other way: A at 10 uses C's plan (n 5, 1/2),
R at 0.015 uses P's (n 800, 0/1).
"""

from __future__ import annotations

import pytest

from backend.quality.sampling import (
    LETTERS,
    SAMPLE_SIZES,
    TABLE_II_A,
    CodeLetter,
    code_letter,
    letter_plan,
    sampling_plan,
)
from pricing.quality import AQL_SERIES

#: Table I, general inspection level II: the largest lot of each code letter (Q: the rest).
_TABLE_I_LEVEL_II: tuple[tuple[int, CodeLetter], ...] = (
    (8, "A"), (15, "B"), (25, "C"), (50, "D"), (90, "E"), (150, "F"), (280, "G"), (500, "H"),
    (1200, "J"), (3200, "K"), (10_000, "L"), (35_000, "M"), (150_000, "N"), (500_000, "P"),
)  # fmt: skip

#: AQLSchemes' sample size after the arrows: a row per code letter, AQL 0.010 … 10 across.
_AQLSCHEMES_N = """
A 1250  800  500  315  200  125   80   50   32   20   13    8    5    3    2    5
B 1250  800  500  315  200  125   80   50   32   20   13    8    5    3    2    5
C 1250  800  500  315  200  125   80   50   32   20   13    8    5    3    8    5
D 1250  800  500  315  200  125   80   50   32   20   13    8    5   13    8    8
E 1250  800  500  315  200  125   80   50   32   20   13    8   20   13   13   13
F 1250  800  500  315  200  125   80   50   32   20   13   32   20   20   20   20
G 1250  800  500  315  200  125   80   50   32   20   50   32   32   32   32   32
H 1250  800  500  315  200  125   80   50   32   80   50   50   50   50   50   50
J 1250  800  500  315  200  125   80   50  125   80   80   80   80   80   80   80
K 1250  800  500  315  200  125   80  200  125  125  125  125  125  125  125  125
L 1250  800  500  315  200  125  315  200  200  200  200  200  200  200  200  125
M 1250  800  500  315  200  500  315  315  315  315  315  315  315  315  200  125
N 1250  800  500  315  800  500  500  500  500  500  500  500  500  315  200  125
P 1250  800  500 1250  800  800  800  800  800  800  800  800  500  315  200  125
Q 1250  800 2000 1250 1250 1250 1250 1250 1250 1250 1250  800  500  315  200  125
R 1250  800 2000 2000 2000 2000 2000 2000 2000 2000 1250  800  500  315  200  125
"""

#: AQLSchemes' accept number after the arrows, laid out as `_AQLSCHEMES_N`.
_AQLSCHEMES_AC = """
A  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  1
B  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  1
C  0  0  0  0  0  0  0  0  0  0  0  0  0  0  1  1
D  0  0  0  0  0  0  0  0  0  0  0  0  0  1  1  2
E  0  0  0  0  0  0  0  0  0  0  0  0  1  1  2  3
F  0  0  0  0  0  0  0  0  0  0  0  1  1  2  3  5
G  0  0  0  0  0  0  0  0  0  0  1  1  2  3  5  7
H  0  0  0  0  0  0  0  0  0  1  1  2  3  5  7 10
J  0  0  0  0  0  0  0  0  1  1  2  3  5  7 10 14
K  0  0  0  0  0  0  0  1  1  2  3  5  7 10 14 21
L  0  0  0  0  0  0  1  1  2  3  5  7 10 14 21 21
M  0  0  0  0  0  1  1  2  3  5  7 10 14 21 21 21
N  0  0  0  0  1  1  2  3  5  7 10 14 21 21 21 21
P  0  0  0  1  1  2  3  5  7 10 14 21 21 21 21 21
Q  0  0  1  1  2  3  5  7 10 14 21 21 21 21 21 21
R  0  0  1  2  3  5  7 10 14 21 21 21 21 21 21 21
"""

#: The MIL-STD-105E copy's printed cells, AQL 0.65 … 10: its Re number, or the arrow
#: ("v" ↓, "^" ↑; the shaft of a long arrow is read as its head's direction).
_MIL_STD_105E_COLUMNS = (0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10.0)
_MIL_STD_105E_PRINTED = """
A  v  v  v  v  v  1  ^
B  v  v  v  v  1  ^  v
C  v  v  v  1  ^  v  2
D  v  v  1  ^  v  2  3
E  v  1  ^  v  2  3  4
F  1  ^  v  2  3  4  6
G  ^  v  2  3  4  6  8
H  v  2  3  4  6  8 11
J  2  3  4  6  8 11 15
K  3  4  6  8 11 15 22
L  4  6  8 11 15 22  ^
M  6  8 11 15 22  ^  ^
N  8 11 15 22  ^  ^  ^
P 11 15 22  ^  ^  ^  ^
Q 15 22  ^  ^  ^  ^  ^
"""

#: Table II-A's cells in the order a row reads them (the last, ↑, repeats to the row's end).
_PLAN_SERIES = ("0/1", "^", "v", "1/2", "2/3", "3/4", "5/6", "7/8", "10/11", "14/15", "21/22", "^")

#: Where an arrow of the printed table points past its edge (see the module's docstring).
_ARROWS_OFF_THE_EDGE = {("A", 10.0), ("R", 0.015)}


def _grid(text: str) -> dict[str, list[str]]:
    return {
        letter: cells for letter, *cells in (line.split() for line in text.strip().splitlines())
    }


def _published_plan(letter: CodeLetter, aql: float) -> tuple[int, int, int]:
    """AQLSchemes' (n, Ac, Re) for the letter and AQL."""
    column = AQL_SERIES.index(aql)
    accept = int(_grid(_AQLSCHEMES_AC)[letter][column])
    return int(_grid(_AQLSCHEMES_N)[letter][column]), accept, accept + 1


def _published_letter(lot_size: int) -> CodeLetter:
    return next((letter for top, letter in _TABLE_I_LEVEL_II if lot_size <= top), "Q")


def _numbers(cell: str) -> tuple[int, int] | None:
    if cell in ("v", "^"):
        return None
    accept, reject = cell.split("/")
    return int(accept), int(reject)


@pytest.mark.parametrize(("top", "letter"), _TABLE_I_LEVEL_II)
def test_table_i_changes_letter_exactly_where_the_standard_does(top: int, letter: str) -> None:
    following = LETTERS[LETTERS.index(letter) + 1]
    assert (code_letter(top), code_letter(top + 1)) == (letter, following)


def test_the_largest_lots_and_a_lot_of_one() -> None:
    assert code_letter(10**9) == "Q"  # Table I's last row, "500 001 and over"
    assert code_letter(1) == "A"  # below Table I's first row (2 to 8): the smallest plan


def test_every_plan_after_the_arrows_matches_aqlschemes() -> None:
    wrong = {
        (letter, aql): (tuple(letter_plan(letter, aql))[1:], _published_plan(letter, aql))
        for letter in LETTERS
        for aql in AQL_SERIES
        if tuple(letter_plan(letter, aql))[1:] != _published_plan(letter, aql)
    }
    assert wrong == {}


def test_the_printed_cells_match_the_mil_std_105e_copy() -> None:
    printed = _grid(_MIL_STD_105E_PRINTED)
    assert len(printed) == 15  # A to Q: that copy's level II column stops at Q
    for letter in LETTERS[:-1]:
        for aql, expected in zip(_MIL_STD_105E_COLUMNS, printed[letter], strict=True):
            ours = TABLE_II_A[letter][AQL_SERIES.index(aql)]
            numbers = _numbers(ours)
            assert (ours if numbers is None else str(numbers[1])) == expected, (letter, aql)


def test_the_sample_size_of_each_letter() -> None:
    assert tuple(SAMPLE_SIZES[letter] for letter in LETTERS) == (
        2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000,
    )  # fmt: skip


def test_reject_is_accept_plus_one_in_every_cell_with_numbers() -> None:
    for letter, cells in TABLE_II_A.items():
        for aql, cell in zip(AQL_SERIES, cells, strict=True):
            numbers = _numbers(cell)
            assert numbers is None or numbers[1] == numbers[0] + 1, (letter, aql)


def test_each_diagonal_down_to_the_left_holds_one_cell() -> None:
    # One letter down (a sample about 1.6 times bigger) and one AQL column left (an AQL
    # about 1.6 times smaller) is the same plan: n x AQL stays put along a diagonal.
    for row, letter in enumerate(LETTERS[:-1]):
        below = TABLE_II_A[LETTERS[row + 1]]
        for column in range(1, len(AQL_SERIES)):
            assert below[column - 1] == TABLE_II_A[letter][column], (letter, AQL_SERIES[column])


def test_every_row_reads_the_standards_series_of_plans() -> None:
    # Along a row the cells run ↓ …, 0/1, ↑, ↓, 1/2, 2/3, 3/4, 5/6, 7/8, 10/11, 14/15,
    # 21/22, ↑ …; each letter down starts the series one AQL column further left.
    for row, letter in enumerate(LETTERS):
        for column, cell in enumerate(TABLE_II_A[letter]):
            step = row + column - AQL_SERIES.index(6.5)  # A at 6.5 is the series' 0/1
            expected = "v" if step < 0 else _PLAN_SERIES[min(step, len(_PLAN_SERIES) - 1)]
            assert cell == expected, (letter, AQL_SERIES[column])


def test_every_arrow_leads_to_the_published_plan_and_its_sample_size() -> None:
    for letter in LETTERS:
        own = SAMPLE_SIZES[letter]
        for aql, cell in zip(AQL_SERIES, TABLE_II_A[letter], strict=True):
            found = letter_plan(letter, aql)
            published_n = _published_plan(letter, aql)[0]
            assert found.sample_size == SAMPLE_SIZES[found.table_letter]
            if cell in ("v", "^") and (letter, aql) not in _ARROWS_OFF_THE_EDGE:
                # Follow ↓ to a bigger sample, ↑ to a smaller one, as the copy resolves it.
                assert (published_n > own) == (cell == "v"), (letter, aql)
            else:
                assert (found.table_letter == letter) == (cell not in ("v", "^")), (letter, aql)


@pytest.mark.parametrize(("letter", "aql", "row"), [("A", 10.0, "C"), ("R", 0.015, "P")])
def test_an_arrow_off_the_tables_edge_takes_the_plan_the_other_way(
    letter: CodeLetter, aql: float, row: str
) -> None:
    at_the_edge = LETTERS.index(letter) in (0, len(LETTERS) - 1)
    pointing_out = TABLE_II_A[letter][AQL_SERIES.index(aql)] == ("^" if letter == "A" else "v")
    assert at_the_edge and pointing_out
    found = letter_plan(letter, aql)
    assert found.table_letter == row
    assert (found.sample_size, found.accept, found.reject) == _published_plan(letter, aql)


# The lot sizes issue 16 names, at every AQL: the plan from the published Table I and the
# published plans, and every part when the sample would be the lot or more.
@pytest.mark.parametrize("lot", [2, 8, 9, 15, 16, 500, 501, 35_000])
def test_the_issues_lot_sizes_at_every_aql(lot: int) -> None:
    for aql in AQL_SERIES:
        n, accept, reject = _published_plan(_published_letter(lot), aql)
        plan = sampling_plan(lot, aql)
        assert (plan.letter, plan.sample_size, plan.accept, plan.reject, plan.every_part) == (
            _published_letter(lot), min(n, lot), accept, reject, n >= lot,
        ), aql  # fmt: skip
