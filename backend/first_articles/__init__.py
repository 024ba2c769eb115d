"""First-article build-and-hold: one part sent with photos, the batch after approval."""
