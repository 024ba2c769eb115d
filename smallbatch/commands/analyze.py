"""`smallbatch analyze FILE`: measure a CAD file and print the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import msgspec

from geometry import GeometryError, MeshReport
from sandbox import analyze_isolated
from smallbatch.commands.common import ONE_SHOT, add_file_arguments, read_input, report_error


def add_parser(subparsers: Any) -> None:
    """Register the analyze sub-command."""
    parser = subparsers.add_parser("analyze", help="measure a CAD file", description=__doc__)
    add_file_arguments(parser)
    parser.add_argument("--thumbnail", metavar="OUT.png", help="also write a preview picture")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Analyse the file in an isolated worker and print the report."""
    name = Path(args.file).name
    try:
        data = read_input(args.file)
        if args.thumbnail:
            analysis = analyze_isolated(
                data, name, units=args.units, thumbnail=True, start=ONE_SHOT
            )
            report = analysis.report
            out = Path(args.thumbnail)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(analysis.thumbnail_png)
        else:
            report = analyze_isolated(data, name, units=args.units, start=ONE_SHOT)
    except GeometryError as error:
        return report_error(error, args.json)
    if args.json:
        sys.stdout.write(msgspec.json.encode(report).decode() + "\n")
    else:
        sys.stdout.write(summary(report, args.file) + "\n")
        if args.thumbnail:
            sys.stdout.write(f"preview written to {args.thumbnail}\n")
    return 0


#: Bodies listed one per line in the summary (the JSON has them all).
MAX_BODY_LINES = 10


def summary(report: MeshReport, name: str) -> str:
    """A short report a person reads at a glance."""
    x, y, z = report.bbox_mm
    reach = report.machinability
    wall = "n/a" if report.min_wall_mm is None else f"{report.min_wall_mm:.2f} mm"
    lines = [
        f"{name} ({report.format.upper()}, read in {report.units}, {report.faces:,} faces)",
        f"  size        {x:.2f} x {y:.2f} x {z:.2f} mm",
        f"  volume      {report.volume_mm3:,.1f} mm3   area {report.area_mm2:,.1f} mm2",
        f"  bodies      {report.bodies}   voids {report.voids} ({report.void_volume_mm3:,.1f} mm3)",
        f"  watertight  {'yes' if report.watertight else 'NO'}"
        + (f"   repairs: {', '.join(report.repairs)}" if report.repairs else ""),
        f"  min wall    {wall}",
        f"  overhang    {report.overhang_area_mm2:,.1f} mm2 from {report.build_direction}, "
        f"support {report.support_volume_mm3:,.1f} mm3; "
        f"best build direction {report.best_orientation}",
        f"  undercut    {report.undercut_area_mm2:,.1f} mm2 pulling {report.pull_direction}",
        f"  CNC 3-axis  {reach.reachable_share:.1%} reachable, "
        + ("top/bottom only" if reach.z_only else f"{reach.setups} setups"),
    ]
    if report.bodies > 1:
        lines.extend(
            f"    body {i}    {b.volume_mm3:,.1f} mm3, "
            + " x ".join(f"{d:.2f}" for d in b.bbox_mm)
            + " mm"
            + ("" if b.min_wall_mm is None else f", min wall {b.min_wall_mm:.2f} mm")
            for i, b in enumerate(report.bodies_detail[:MAX_BODY_LINES], start=1)
        )
    if report.needs_review:
        lines.append(f"  review      a person must confirm: {', '.join(report.needs_review)}")
    lines.extend(_hole_lines(report))
    if report.units_suspect:
        lines.append(f"  units?      probably {report.units_suspect}: confirm with --units")
    lines.extend(f"  ! {w.message}" for w in report.warnings)
    return "\n".join(lines)


def _hole_lines(report: MeshReport) -> list[str]:
    """One line per kind of hole, with the threads its diameter could take."""
    lines = []
    for index, hole in enumerate(report.holes):
        kind = "through" if hole.through else "blind"
        threads = [t.thread for t in report.thread_candidates if t.diameter_mm == hole.diameter_mm]
        counterbore = (
            f", counterbore Ø{hole.counterbore.diameter_mm:g} x {hole.counterbore.depth_mm:g}"
            if hole.counterbore
            else ""
        )
        lines.append(
            ("  holes       " if index == 0 else " " * 14)
            + f"{hole.count} x Ø{hole.diameter_mm:g} {kind} {hole.depth_mm:g} mm "
            + f"along {_axis_name(hole.axis)}{counterbore}"
            + (f"   tap drill for {' or '.join(threads)}?" if threads else "")
        )
    return lines


def _axis_name(axis: tuple[float, float, float]) -> str:
    """Name a principal axis ("+Z"); write any other axis as its unit vector."""
    for index, name in enumerate("XYZ"):
        if abs(axis[index]) == 1.0:
            return ("+" if axis[index] > 0 else "-") + name
    return "(" + ", ".join(f"{c:.3f}" for c in axis) + ")"
