"""Tap drill tables and the STEP cylinder reader, without any mesh."""

from __future__ import annotations

import re

import pytest

from geometry.formats.step_cylinders import MAX_CYLINDERS, read_step_cylinders
from geometry.threads import INCH_MM, TAP_DRILLS_MM, tap_drill_matches

# Nominal diameter and pitch of ISO metric coarse threads (ISO 261).
METRIC_COARSE = {
    "M2": (2, 0.4),
    "M2.5": (2.5, 0.45),
    "M3": (3, 0.5),
    "M3.5": (3.5, 0.6),
    "M4": (4, 0.7),
    "M5": (5, 0.8),
    "M6": (6, 1.0),
    "M8": (8, 1.25),
    "M10": (10, 1.5),
    "M12": (12, 1.75),
    "M14": (14, 2.0),
    "M16": (16, 2.0),
    "M18": (18, 2.5),
    "M20": (20, 2.5),
}


def test_metric_tap_drills_are_nominal_minus_pitch_as_charts_round_them() -> None:
    table = dict(TAP_DRILLS_MM)
    for thread, (nominal, pitch) in METRIC_COARSE.items():
        assert table[thread] == pytest.approx(nominal - pitch, abs=0.051)


def test_unc_tap_drills_lie_between_minor_and_pitch_diameter() -> None:
    # (major diameter in, threads per inch) of UNC #4 to 1/2 (ASME B1.1).
    unc = {
        "#4-40": (0.112, 40),
        "#5-40": (0.125, 40),
        "#6-32": (0.138, 32),
        "#8-32": (0.164, 32),
        "#10-24": (0.190, 24),
        "#12-24": (0.216, 24),
        "1/4-20": (0.25, 20),
        "5/16-18": (0.3125, 18),
        "3/8-16": (0.375, 16),
        "7/16-14": (0.4375, 14),
        "1/2-13": (0.5, 13),
    }
    table = dict(TAP_DRILLS_MM)
    for name, (major, tpi) in unc.items():
        pitch = 1.0 / tpi
        minor, pitch_diameter = major - 1.0825 * pitch, major - 0.6495 * pitch
        drill = table[f"{name} UNC"] / INCH_MM
        assert minor <= drill <= pitch_diameter, name


@pytest.mark.parametrize(
    ("diameter", "threads"),
    [
        (4.2, ["M5"]),
        (4.21, ["M5"]),
        (2.5, ["M3"]),
        (6.8, ["M8"]),
        (5.105, ["1/4-20 UNC"]),
        (6.756, []),  # a 17/64" clearance hole, not M8
        (8.0, []),  # a plain Ø8, not 3/8-16
        (5.5, []),  # M5 clearance
        (30.0, []),
    ],
)
def test_a_hole_matches_only_a_tap_drill_within_the_tolerance(
    diameter: float, threads: list[str]
) -> None:
    assert [thread for thread, _ in tap_drill_matches(diameter)] == threads


STEP = b"""ISO-10303-21;
HEADER;
ENDSEC;
DATA;
#1 = CYLINDRICAL_SURFACE ( 'NONE', #2, 2.1 ) ;
#2 = AXIS2_PLACEMENT_3D ( 'NONE', #3, #4, #5 ) ;
#3 = CARTESIAN_POINT ( 'NONE',  ( 10.0, 20.0, -5.0 ) ) ;
#4 = DIRECTION ( 'NONE',  ( 0.0, 0.0, 2.0 ) ) ;
#5 = DIRECTION ( 'NONE',  ( 1.0, 0.0, 0.0 ) ) ;
#6 =( LENGTH_UNIT ( ) NAMED_UNIT ( * ) SI_UNIT ( .MILLI., .METRE. ) );
#7 = ( GEOMETRIC_REPRESENTATION_CONTEXT ( 3 ) GLOBAL_UNIT_ASSIGNED_CONTEXT ( ( #6, #8 ) )
  REPRESENTATION_CONTEXT ( 'NONE', 'WORKASPACE' ) );
#8 =( NAMED_UNIT ( * ) PLANE_ANGLE_UNIT ( ) SI_UNIT ( $, .RADIAN. ) );
ENDSEC;
END-ISO-10303-21;
"""


def test_step_cylinders_are_read_with_axis_radius_and_unit() -> None:
    cylinders = read_step_cylinders(STEP)
    assert cylinders is not None
    assert cylinders.radii.tolist() == [2.1]
    assert cylinders.points.tolist() == [[10.0, 20.0, -5.0]]
    assert cylinders.directions.tolist() == [[0.0, 0.0, 1.0]]
    assert cylinders.units_mm[0] == 1.0


def test_an_inch_step_declares_inches_first() -> None:
    inch = STEP.replace(
        b"#6 =( LENGTH_UNIT ( ) NAMED_UNIT ( * ) SI_UNIT ( .MILLI., .METRE. ) );",
        b"#6 =( CONVERSION_BASED_UNIT ( 'INCH', #9 ) LENGTH_UNIT ( ) NAMED_UNIT ( #10 ) );",
    )
    cylinders = read_step_cylinders(inch)
    assert cylinders is not None
    assert cylinders.units_mm[0] == 25.4


@pytest.mark.parametrize(
    "broken",
    [
        STEP.replace(b"#3 = CARTESIAN_POINT", b"#3 = CARTESIAN_PUNKT"),  # dangling reference
        STEP.replace(b"( 0.0, 0.0, 2.0 )", b"( 0.0, 0.0, 0.0 )"),  # no direction
        STEP.replace(b"2.1 )", b"-2.1 )"),  # negative radius
        STEP.replace(b"2.1 )", b"1e999 )"),  # not finite
        b"#1 = CYLINDRICAL_SURFACE ( 'NONE', #2, " + b"9" * 100_000 + b" ) ;",
        b"\x00\xff" * 50_000,
        b"",
    ],
)
def test_a_broken_step_yields_no_cylinders_instead_of_failing(broken: bytes) -> None:
    assert read_step_cylinders(broken) is None


def test_too_many_cylinders_are_not_read() -> None:
    body = re.search(rb"#1 = .*?;\n", STEP)
    assert body is not None
    many = b"".join(
        body.group(0).replace(b"#1 =", b"#%d =" % (100 + i)) for i in range(MAX_CYLINDERS + 1)
    )
    assert read_step_cylinders(STEP + many) is None
