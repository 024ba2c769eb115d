"""Re-orders: a past order's request priced under today's rate card, with the difference."""
