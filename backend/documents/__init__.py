"""Printable documents: the quote as a PDF, in English and Russian."""
