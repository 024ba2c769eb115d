"""An order's money as clients see it: the checkout with what was paid and what is still due."""

from __future__ import annotations

import msgspec

from backend.payments.checkout import money
from backend.payments.repository import PaymentRow, RefundRow
from backend.payments.schemas import Checkout, CheckoutView


def stored_checkout(checkout: str | None) -> Checkout | None:
    """The order's checkout from its JSON column (None on orders placed before checkout)."""
    return None if not checkout else msgspec.json.decode(checkout, type=Checkout)


def received(payments: list[PaymentRow], refunds: list[RefundRow]) -> tuple[int, int]:
    """(paid less refunds, refunded) in minor units."""
    refunded = sum(r.amount_minor for r in refunds)
    return sum(p.amount_minor for p in payments) - refunded, refunded


def checkout_view(
    checkout: str | None, payments: list[PaymentRow], refunds: list[RefundRow]
) -> CheckoutView | None:
    """The checkout with the money received and the balance, as decimal strings."""
    found = stored_checkout(checkout)
    if found is None:
        return None
    digits = found.digits
    net, refunded = received(payments, refunds)
    gross = net + refunded
    return CheckoutView(
        currency=found.currency,
        goods=money(found.goods_minor, digits),
        shipping=found.shipping,
        tax_rate=found.tax_rate,
        tax=money(found.tax_minor, digits),
        total=money(found.total_minor, digits),
        reverse_charge=found.reverse_charge,
        deposit_percent=found.deposit_percent,
        paid=money(net, digits),
        refunded=money(refunded, digits),
        balance=money(max(0, found.total_minor - gross), digits),
        buyer=found.buyer,
        address=found.address,
    )
