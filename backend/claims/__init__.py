"""Claims after delivery: the customer opens one, staff remake, refund or reject."""
