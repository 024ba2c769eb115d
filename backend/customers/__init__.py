"""Customers: the profile asked once in chat (name, contacts, VAT ID, addresses), account terms."""
