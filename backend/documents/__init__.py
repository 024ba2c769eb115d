"""Printable documents: the quote, the order confirmation and the invoice, in en and ru."""
