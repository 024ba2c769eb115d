"""Typed errors for requests the pricing library cannot answer.

Each error carries a stable `code` (the CLI, the backend and the bot match on
it) and a message a person can act on.
"""

from __future__ import annotations


class PricingError(Exception):
    """Base of every error the pricing library raises on bad input."""

    code = "pricing_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, str]:
        """The `{"code", "message"}` pair every edge of the product shows."""
        return {"code": self.code, "message": self.message}


class RateCardError(PricingError):
    """The rate card cannot be read or is invalid; the message names path and problem."""

    code = "bad_rate_card"


class UnknownProcessError(PricingError):
    """The request names a process the rate card does not offer."""

    code = "unknown_process"


class UnknownMaterialError(PricingError):
    """The request names a material the process does not offer."""

    code = "unknown_material"


class UnknownOptionError(PricingError):
    """The request names a finish, tolerance or lead tier the card does not offer."""

    code = "unknown_option"


class BadQuantityError(PricingError):
    """The quantity is not a whole number of parts of at least one."""

    code = "bad_quantity"


class BadSpecError(PricingError):
    """A specification the part cannot take, such as threads where no hole is drilled for them."""

    code = "bad_spec"
