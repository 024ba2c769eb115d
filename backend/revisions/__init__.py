"""Revisions of a part: its family, numbered 1, 2, …, and what changed from one to the next."""
