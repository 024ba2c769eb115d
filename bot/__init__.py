"""The Telegram bot (aiogram 3): the chat front of smallbatch, a client of the backend."""
