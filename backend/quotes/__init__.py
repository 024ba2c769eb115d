"""Quotes: pricing a measured part on the server, comparisons and the catalog."""
