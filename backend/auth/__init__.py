"""Who is calling: the bot key and staff tokens, and what each may see."""
