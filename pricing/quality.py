"""The rate card's `[quality]` table: the AQLs lots are inspected to (ISO 2859-1).

Parts are judged defective or not (a value outside its limits makes the part a
defective of that characteristic's class), so an AQL is a percent nonconforming and
must be one of the standard's preferred values up to 10; above 10 the standard's
columns count nonconformities per hundred units, which this shop does not. `0` is
the c=0 convention for critical characteristics: accept no defective at all.
"""

from __future__ import annotations

import msgspec

#: ISO 2859-1's preferred AQLs for percent nonconforming, in Table II-A's column order.
AQL_SERIES: tuple[float, ...] = (
    0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10.0,
)  # fmt: skip
#: The AQL of "accept no defective" (critical characteristics).
ZERO_DEFECTS = 0.0


class Quality(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """AQL per defect class; `0` accepts no defective (the c=0 convention)."""

    aql_critical: float = 0.0
    aql_major: float = 2.5
    aql_minor: float = 4.0

    def __post_init__(self) -> None:
        for name in ("aql_critical", "aql_major", "aql_minor"):
            value = getattr(self, name)
            if value != ZERO_DEFECTS and value not in AQL_SERIES:
                raise ValueError(
                    f"{name} = {value} is not an AQL of ISO 2859-1: 0, or one of 0.010, 0.015,"
                    " 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5, 4.0,"
                    " 6.5, 10"
                )
