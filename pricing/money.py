"""Money as integers in the currency's minor units (cents for EUR).

Cost models work in floats of currency per physical unit; a price becomes money
exactly once, when a coefficient is rounded half up to minor units here. From
then on everything is integer arithmetic, so line items add up exactly.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def to_minor(amount: float, digits: int) -> int:
    """Round a non-negative amount in major units half up to integer minor units."""
    return math.floor(amount * 10.0**digits + 0.5)


@overload
def divide(total: int, quantity: int) -> int: ...
@overload
def divide(
    total: npt.NDArray[np.int64], quantity: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]: ...
def divide(total: Any, quantity: Any) -> Any:
    """`total / quantity` rounded half up to a whole minor unit (the unit price).

    Integers, or numpy integer arrays element by element (the chart's curves).
    """
    return (2 * total + quantity) // (2 * quantity)


def format_minor(amount: int, digits: int) -> str:
    """A decimal string for minor units: 1250 with 2 digits is "12.50"."""
    sign = "-" if amount < 0 else ""
    if digits == 0:
        return f"{sign}{abs(amount)}"
    major, minor = divmod(abs(amount), 10**digits)
    return f"{sign}{major}.{minor:0{digits}d}"
