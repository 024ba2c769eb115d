"""One-time upload links for files too large for the Bot API."""
