"""A remake: the same parts made again at no charge, as a new order linked to a claim.

Staff decide a claim with "remake"; the parts go through production again like any other
order, so the remake is an order of its own: its quote is the claimed order's priced quote
with every amount zero (one line says why), its checkout the same address and shipping
method at no charge, and it is approved at once by the staff member who decided (the
schedule places its jobs as for any approval). The customer hears of it as of any approved
order, under the new number.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from backend.db import Tx, now_iso
from backend.orders import repository
from backend.orders.repository import HistoryRow, OrderRow
from backend.orders.schemas import TransitionRequest
from backend.orders.service import OrderService
from backend.orders.state import OrderStatus
from backend.payments.schemas import Checkout
from backend.quotes import repository as quotes
from backend.structs import new_id
from pricing import Quote as Priced
from pricing.quote import Line

#: The remake quote's one line (`code` lets a client word it in its language).
REMAKE_LINE = "remake"
_PRICED = msgspec.json.Decoder(Priced)
_CHECKOUT = msgspec.json.Decoder(Checkout)


def free_of_charge(priced: Priced, claimed_number: int) -> Priced:
    """The priced quote with every amount zero and one line naming the claimed order."""
    line = Line(
        label=f"Remake under the claim on order #{claimed_number}, at no charge",
        amount=0,
        code=REMAKE_LINE,
        args={"number": str(claimed_number)},
    )
    return msgspec.structs.replace(
        priced, unit_price=0, total=0, tax=0, total_with_tax=0, lines=(line,)
    )


def free_checkout(stored: str | None) -> str | None:
    """The claimed order's checkout (address, method) with nothing to pay."""
    if stored is None:
        return None
    checkout = _CHECKOUT.decode(stored)
    shipping = checkout.shipping
    if shipping is not None:
        shipping = msgspec.structs.replace(shipping, price_minor=0)
    free = msgspec.structs.replace(
        checkout, goods_minor=0, tax_minor=0, shipping=shipping, deposit_percent=0
    )
    return msgspec.json.encode(free).decode()


async def remake_within(
    tx: Tx, orders: OrderService, claimed: OrderRow, *, by: str, now: datetime
) -> OrderRow:
    """Place and approve the remake of `claimed` inside the caller's transaction."""
    quote = await quotes.get_quote(tx, claimed.quote_id, None)
    assert quote is not None  # an order's quote is never deleted
    at = now_iso(now)
    free = free_of_charge(_PRICED.decode(claimed.priced), claimed.number)
    copy = quote._replace(
        id=new_id("quo"),
        priced=msgspec.json.encode(free).decode(),
        created_at=at,
        expires_at=at,
        review_reasons="[]",
        reviewed=None,
    )
    await quotes.insert_quote(tx, copy)
    row = OrderRow(
        new_id("ord"), claimed.customer, copy.id, OrderStatus.PENDING_REVIEW, 1, None, None,
        None, None, at, at, payment_mode="none", payment_state="none",
        checkout=free_checkout(claimed.checkout),
    )  # fmt: skip
    await repository.insert_order(tx, row)
    stored = await repository.get_order(tx, row.id, None)
    assert stored is not None
    note = f"Remake of #{claimed.number} under a claim"
    await repository.append_history(
        tx, HistoryRow(stored.id, 1, stored.status, by, at, note, None, None)
    )
    approve = TransitionRequest(to=OrderStatus.APPROVED, version=1, note=note)
    return await orders.move_within(tx, stored, approve, actor="staff", by=by)
