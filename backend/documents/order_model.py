"""What an order confirmation and an invoice show: everything already worded, in one language.

One model for both kinds; the layout (`order_layout`) draws what differs from data. The
lead's order service fills it from the order, its checkout and its payments:
`OrderDocument(kind="invoice", order_number=12, invoice_number=123, ...)`. Amounts are
major units as `Decimal` (minor units divided by the card's `currency_digits`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import msgspec

from backend.documents.epc import bank_account, epc_payload
from backend.documents.model import DocumentLine, Language, PartView
from backend.documents.wording import text
from backend.structs import Struct
from pricing.catalog import Shop
from vocabulary.numbers import invoice_number, order_number

DocumentKind = Literal["confirmation", "invoice"]
#: A payment received so far: (ISO date, label in the document's language, amount);
#: `payment_line` words one of the payments table's rows.
PaymentLine = tuple[str, str, Decimal]
#: The payments table's kinds.
PaymentKind = Literal["full", "deposit", "balance", "transfer"]


def shipping_line(method: str, amount: Decimal, language: Language) -> DocumentLine:
    """The order's shipping as its last price line: "Shipping: Standard parcel".

    `method` is the method's name in `language` (the card's `name` or `name_ru`).
    """
    return DocumentLine(label=text(language, "shipping_line", method=method), amount=amount)


def payment_line(when: str, kind: PaymentKind, amount: Decimal, language: Language) -> PaymentLine:
    """A payment received (`when` an ISO date) as the document's sums list it."""
    return (when, text(language, f"payment_{kind}"), amount)


class Buyer(Struct, frozen=True):
    """Who the order is for, as the customer's profile (or Telegram's order info) gave it.

    The same fields as the checkout's buyer (`backend.payments.schemas.Buyer`), so one
    converts to the other with `msgspec.structs.asdict`.
    """

    name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    vat_id: str = ""


class OrderDocument(Struct, frozen=True, kw_only=True):
    """Everything one order confirmation or invoice prints, in the language `language`.

    `lines` are the priced lines, then the shipping line. `amount_due` is what is asked
    now: the deposit share on a deposit invoice (`deposit_percent`), else what is left
    after `payments`. `net_days` marks an on-account invoice (due on `due_date`); no
    `due_date` on an invoice means due on receipt. `reference` is what the QR code carries
    when it is not a bank transfer (the order's id).
    """

    kind: DocumentKind
    language: Language
    shop: Shop
    order_number: int
    invoice_number: int | None = None
    issue_date: str  # ISO dates; the layout words them per language
    due_date: str | None = None
    buyer: Buyer
    address: list[str]
    part: PartView
    quantity: int
    currency: str
    lines: list[DocumentLine]
    subtotal: Decimal
    tax_label: str
    tax_rate: float
    tax: Decimal
    total: Decimal
    reverse_charge: bool = False
    payments: list[PaymentLine] = msgspec.field(default_factory=list)
    amount_due: Decimal
    deposit_percent: int | None = None
    net_days: int | None = None
    ship_date: str | None = None
    shipping_method: str = ""
    reference: str

    def __post_init__(self) -> None:
        # A document whose rows do not add up must never be printed.
        if sum((line.amount for line in self.lines), Decimal(0)) != self.subtotal:
            raise ValueError("the lines do not add up to the subtotal")
        if self.subtotal + self.tax != self.total:
            raise ValueError("subtotal and tax do not add up to the total")
        if self.reverse_charge and self.tax != 0:
            raise ValueError("a reverse-charge document carries no tax")
        if not 0 <= self.amount_due <= self.total - self.paid:
            raise ValueError("the amount due is more than is left to pay")
        if (self.kind == "invoice") != (self.invoice_number is not None):
            raise ValueError("an invoice, and only an invoice, has an invoice number")
        if self.net_days is not None and self.due_date is None:
            raise ValueError("an invoice on account terms has a due date")

    @property
    def paid(self) -> Decimal:
        """Everything received so far."""
        return sum((amount for _, _, amount in self.payments), Decimal(0))

    @property
    def number(self) -> str:
        """The document's own number: the invoice's, or the order's on a confirmation."""
        if self.invoice_number is not None:
            return invoice_number(self.invoice_number)
        return order_number(self.order_number)


def qr_payload(document: OrderDocument) -> str:
    """What the document's QR code carries.

    On an invoice with something to pay, in euros, to a valid IBAN and BIC among the
    shop's payment lines: the EPC credit transfer, quoting the invoice's number. Otherwise
    the order's reference.
    """
    account = bank_account(document.shop.payment) if document.kind == "invoice" else None
    if account is None:
        return document.reference
    iban, bic = account
    transfer = epc_payload(
        name=document.shop.name, iban=iban, bic=bic, amount=document.amount_due,
        currency=document.currency, text=document.number,
    )  # fmt: skip
    return transfer or document.reference
