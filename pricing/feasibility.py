"""Rules that make a part unpriceable for a process, in words a customer reads.

Process-specific rules (3-axis reach, straight-pull undercuts, minimum
quantity) live with their cost models; the rules every process shares are here.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from geometry.report import MeshReport
from pricing.catalog import Material

#: What an enclosed void traps, per process; processes not named here tolerate voids.
VOID_TRAPS: dict[str, str] = {
    "sla": "would trap uncured resin; add a drain hole",
    "sls": "would trap unsintered powder; add an escape hole",
    "mjf": "would trap unfused powder; add an escape hole",
    "cnc": "cannot be reached by a cutter; split the part or make it solid",
    "casting": "cannot be formed in a silicone mould; split the part or make it solid",
    "moulding": "cannot be formed in a moulding tool; split the part or make it solid",
}


class Reason(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Why a part cannot be made this way: a stable code, a sentence and its values.

    `message` is English; `args` holds the figures in it, formatted, so a client can
    say the same in its own language by `code`.
    """

    code: str
    message: str
    args: dict[str, str] = {}


def mm(dims: tuple[float, float, float]) -> str:
    """`120 × 40 × 8 mm` for a size."""
    return " × ".join(f"{d:.0f}" for d in dims) + " mm"


def review_reasons(report: MeshReport) -> list[Reason]:
    """Why a person must confirm the price: it is then an estimate, not a refusal.

    An open mesh that repair could not close still has a size, an area and an
    approximate volume, so every process is priced; the quote carries these
    reasons so the chat can say "estimate, a person will confirm".
    """
    # `not watertight` as well: reports stored before `needs_review` existed decode with [].
    if "open_mesh" in report.needs_review or not report.watertight:
        return [
            Reason(
                code="open_mesh",
                message="The model is not a closed solid, so its volume is an estimate; "
                "a person will check it and confirm the price.",
            )
        ]
    return []


def common_reasons(report: MeshReport, process_id: str, material: Material) -> list[Reason]:
    """Walls below the material minimum, enclosed voids that trap material.

    An open mesh is not a reason to refuse (see `review_reasons`).
    """
    reasons: list[Reason] = []
    if report.min_wall_mm is not None and report.min_wall_mm < material.min_wall_mm:
        reasons.append(
            Reason(
                code="wall_too_thin",
                args={
                    "wall": f"{report.min_wall_mm:.2f}",
                    "minimum": f"{material.min_wall_mm:g}",
                    "material": material.name,
                    "material_ru": material.name_ru or material.name,
                },
                message=f"Walls as thin as {report.min_wall_mm:.2f} mm are below the "
                f"{material.name} minimum of {material.min_wall_mm:g} mm; "
                f"thicken them to at least {material.min_wall_mm:g} mm.",
            )
        )
    trap = VOID_TRAPS.get(process_id)
    if trap is not None and report.voids > 0:
        plural = "void" if report.voids == 1 else "voids"
        reasons.append(
            Reason(
                code="enclosed_void",
                args={
                    "voids": str(report.voids),
                    "cm3": f"{report.void_volume_mm3 / 1000:.1f}",
                    "process": process_id,
                },
                message=f"The part has {report.voids} enclosed {plural} "
                f"({report.void_volume_mm3 / 1000:.1f} cm³) that {trap}.",
            )
        )
    return reasons


def too_large(
    report: MeshReport,
    process_name: str,
    envelopes: Sequence[tuple[float, ...]],
    process_name_ru: str | None = None,
) -> Reason:
    """The part fits no machine of the process (named in English and, if given, Russian)."""
    largest = max(envelopes, key=lambda e: e[0] * e[1] * e[2])
    return Reason(
        code="too_large",
        args={
            "size": mm(report.bbox_mm)[:-3],
            "largest": mm((largest[0], largest[1], largest[2]))[:-3],
            "process": process_name,
            "process_ru": process_name_ru or process_name,
        },
        message=f"The part ({mm(report.bbox_mm)}) is larger than every {process_name} machine "
        f"(largest {mm((largest[0], largest[1], largest[2]))}).",
    )
