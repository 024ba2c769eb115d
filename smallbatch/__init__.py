"""The smallbatch application: the `smallbatch` command and the composition root.

The one package that knows every other: it builds the backend, the bot and (only when no
Telegram token is set) the local Telegram emulator from one typed configuration. Nothing
imports it but its own entry points and the tests.
"""
