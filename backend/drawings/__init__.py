"""Drawings: PDFs attached to a part, their first page drawn in the sandbox for staff."""
