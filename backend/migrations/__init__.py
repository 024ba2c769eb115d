"""The numbered SQL migrations `backend.db` applies at start, in order."""
