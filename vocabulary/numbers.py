"""How documents and chat write an invoice's number and an order's number, in one place."""

from __future__ import annotations


def invoice_number(number: int) -> str:
    """An invoice's number as printed and quoted on a transfer: 123 → "INV-000123"."""
    return f"INV-{number:06d}"


def order_number(number: int) -> str:
    """An order's number as the chat writes it: 12 → "#12"."""
    return f"#{number}"
