"""Leases: a named lock with an expiry, so that one replica alone does a piece of work."""
