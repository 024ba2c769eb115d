"""Quantity lists as people type them: `"1,10,100"`."""

from __future__ import annotations

from pricing.errors import BadQuantityError


def parse_quantities(text: str) -> list[int]:
    """`"1,10,100"` as integers of at least 1, or a `BadQuantityError`."""
    try:
        quantities = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise BadQuantityError(
            f"Quantities must be whole numbers like 1,10,100, not {text!r}."
        ) from exc
    if not quantities or min(quantities) < 1:
        raise BadQuantityError(f"Quantities must be at least 1, not {text!r}.")
    return quantities
