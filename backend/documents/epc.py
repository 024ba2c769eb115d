"""The EPC QR code's payload ("GiroCode"): a SEPA credit transfer a banking app fills in.

EPC069-12 (version 002): the fields one per line, LF between them and none after the
last; character set 1 (UTF-8); at most 331 bytes. Only euro amounts can be paid this
way, and only to an account whose IBAN and BIC are valid: a code with a mistyped IBAN
would send the customer's money nowhere, so the caller then prints the plain reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from stdnum import bic as bic_code
from stdnum import iban as iban_code
from stdnum.exceptions import ValidationError

NAME_MAX = 70
TEXT_MAX = 140
PAYLOAD_MAX = 331
AMOUNT_MAX = Decimal("999999999.99")
_IBAN = re.compile(r"^\s*IBAN\b[\s:]*(?P<value>[A-Za-z0-9 ]+?)\s*$", re.IGNORECASE)
_BIC = re.compile(
    r"^\s*(?:SWIFT\s*/\s*BIC|BIC\s*/\s*SWIFT|BIC|SWIFT)\b[\s:]*(?P<value>[A-Za-z0-9 ]+?)\s*$",
    re.IGNORECASE,
)


def bank_account(lines: Iterable[str]) -> tuple[str, str] | None:
    """The (IBAN, BIC) the shop's payment lines name ("IBAN DE89 3704 …", "BIC COBADEFFXXX").

    None unless both are there and both are valid (check digits, format).
    """
    iban = bic = None
    for line in lines:
        if (found := _IBAN.match(line)) and iban is None:
            iban = found["value"]
        elif (found := _BIC.match(line)) and bic is None:
            bic = found["value"]
    if iban is None or bic is None:
        return None
    try:
        return iban_code.validate(iban), bic_code.validate(bic)
    except ValidationError:
        return None


def epc_payload(
    *, name: str, iban: str, bic: str, amount: Decimal, currency: str, text: str
) -> str | None:
    """The EPC QR payload paying `amount` to `name`'s account with `text` as the remittance.

    None when no such code can be made: not euros, nothing (or too much) to pay, or the
    whole does not fit the code's 331 bytes. `name` and `text` are cut to their fields'
    lengths; line breaks in them would shift every later field, so they become spaces.
    """
    if currency != "EUR" or not Decimal("0.01") <= amount <= AMOUNT_MAX:
        return None
    fields = [
        "BCD",
        "002",
        "1",  # UTF-8
        "SCT",
        bic,
        _one_line(name)[:NAME_MAX],
        iban,
        f"EUR{amount.quantize(Decimal('0.01'))}",
        "",  # purpose code
        "",  # structured creditor reference (RF…): the text below instead
        _one_line(text)[:TEXT_MAX],
    ]
    payload = "\n".join(fields)
    return payload if len(payload.encode()) <= PAYLOAD_MAX else None


def _one_line(value: str) -> str:
    return " ".join(value.split())
