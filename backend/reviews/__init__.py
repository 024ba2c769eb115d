"""Manual review: quotes a person checks by the rate card's rules, and staff decisions."""
