"""Holes whose diameter is a tap drill: candidates for a thread the customer may want.

Tap drills are the usual ones for about 75 % thread engagement:
- ISO metric coarse (ISO 261/262), drill = nominal − pitch, rounded as drill charts
  list it (M8 6.75 → 6.8, M12 10.25 → 10.2). M2–M20, first and second choice sizes.
- UNC (ASME B1.1), the number/letter/fraction drill of the usual 75 %-thread tap
  drill chart (Machinery's Handbook; checked against published charts, e.g. #36 is
  0.1065 in = 2.705 mm for #6-32), converted exactly from inches (1 in = 25.4 mm).
"""

from __future__ import annotations

from geometry.report import Hole, ThreadCandidate

INCH_MM = 25.4

#: (thread, tap drill mm). Order is the chart's; matching sorts by closeness.
TAP_DRILLS_MM: tuple[tuple[str, float], ...] = (
    ("M2", 1.6),
    ("M2.5", 2.05),
    ("M3", 2.5),
    ("M3.5", 2.9),
    ("M4", 3.3),
    ("M5", 4.2),
    ("M6", 5.0),
    ("M8", 6.8),
    ("M10", 8.5),
    ("M12", 10.2),
    ("M14", 12.0),
    ("M16", 14.0),
    ("M18", 15.5),
    ("M20", 17.5),
    ("#4-40 UNC", 0.0890 * INCH_MM),  # drill #43
    ("#5-40 UNC", 0.1015 * INCH_MM),  # drill #38
    ("#6-32 UNC", 0.1065 * INCH_MM),  # drill #36
    ("#8-32 UNC", 0.1360 * INCH_MM),  # drill #29
    ("#10-24 UNC", 0.1495 * INCH_MM),  # drill #25
    ("#12-24 UNC", 0.1770 * INCH_MM),  # drill #16
    ("1/4-20 UNC", 0.2010 * INCH_MM),  # drill #7
    ("5/16-18 UNC", 0.2570 * INCH_MM),  # drill F
    ("3/8-16 UNC", 0.3125 * INCH_MM),  # drill 5/16
    ("7/16-14 UNC", 0.3680 * INCH_MM),  # drill U
    ("1/2-13 UNC", 0.421875 * INCH_MM),  # drill 27/64
)

#: A hole matches a tap drill within 0.02 mm + 0.3 % of the drill. Modelled tap
#: holes are the drill size exactly and the fitted diameter is good to a few µm, so
#: this is tight enough to keep M3 (2.5) apart from #5-40 (2.58), M6 (5.0) from
#: 1/4-20 (5.11), M8 (6.8) from a 17/64" clearance hole (6.75) and 3/8-16 (7.94)
#: from a plain Ø8, and loose enough for a chart's rounding (M12: 10.25 → 10.2).
MATCH_ABS_MM = 0.02
MATCH_REL = 0.003


def tap_drill_matches(diameter_mm: float) -> list[tuple[str, float]]:
    """Threads whose tap drill matches `diameter_mm`, closest first: (thread, drill mm)."""
    found = [
        (thread, drill)
        for thread, drill in TAP_DRILLS_MM
        if abs(diameter_mm - drill) <= MATCH_ABS_MM + MATCH_REL * drill
    ]
    return sorted(found, key=lambda match: abs(diameter_mm - match[1]))


def thread_candidates(holes: list[Hole]) -> list[ThreadCandidate]:
    """One candidate per (hole diameter, matching thread), counting every hole of that size.

    A counterbored hole is a screw's clearance hole, never a tapped one, so it is left out.
    """
    counts: dict[tuple[float, str, float], int] = {}
    for hole in holes:
        if hole.counterbore is not None:
            continue
        for thread, drill in tap_drill_matches(hole.diameter_mm):
            key = (hole.diameter_mm, thread, drill)
            counts[key] = counts.get(key, 0) + hole.count
    return [
        ThreadCandidate(
            diameter_mm=diameter, thread=thread, tap_drill_mm=round(drill, 3), count=count
        )
        for (diameter, thread, drill), count in sorted(counts.items())
    ]
