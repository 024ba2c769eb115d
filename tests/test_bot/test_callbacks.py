"""Every button payload fits Telegram's 64 bytes, for the longest ids the default card makes."""

from __future__ import annotations

from backend.structs import new_id
from bot.callbacks import (
    MAX_CALLBACK_BYTES,
    DrawingCb,
    FirstArticleCb,
    InfeasibleCb,
    MaterialCb,
    ProcessCb,
    QuoteAction,
    QuoteCb,
    RateCb,
    SpecCb,
    SpecStep,
    StaffAction,
    StaffCb,
    UnitsCb,
)
from pricing import load_rate_card


def test_the_longest_payload_of_every_button_fits_in_64_bytes() -> None:
    card = load_rate_card()
    part, quote, order = new_id("prt"), new_id("quo"), new_id("ord")
    offered = {
        name: getattr(card.processes, name)
        for name in card.processes.__struct_fields__
        if getattr(card.processes, name) is not None
    }
    process = max(offered, key=len)
    material = max((m.id for p in offered.values() for m in p.materials), key=len)
    payloads = [
        UnitsCb(part=part, units="inch").pack(),
        ProcessCb(part=part, process=process, on_quote=True).pack(),
        MaterialCb(part=part, process=process, material=material).pack(),
        InfeasibleCb(part=part, process=process, material=material).pack(),
        QuoteCb(quote=quote, action=QuoteAction.QUANTITY, value=1_000_000).pack(),
        StaffCb(order=order, action=StaffAction.DELIVER, version=99_999).pack(),
        RateCb(order=order, stars=5, send=True).pack(),
        SpecCb(
            quote=quote, step=SpecStep.INSERT_COUNT, value=999, count=99, process=process
        ).pack(),
        DrawingCb(part=part).pack(),
        FirstArticleCb(order=order, approve=False).pack(),
        StaffCb(order=order, action=StaffAction.SEND_FIRST_ARTICLE, version=99_999).pack(),
    ]
    longest = max(payloads, key=lambda p: len(p.encode()))
    assert len(longest.encode()) <= MAX_CALLBACK_BYTES, longest


def test_a_payload_unpacks_to_what_was_packed() -> None:
    data = MaterialCb(part=new_id("prt"), process="casting", material="rubber-like")
    assert MaterialCb.unpack(data.pack()) == data
