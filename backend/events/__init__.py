"""The feed of customer-visible order events the bot long-polls."""
