"""A local Telegram Bot API emulator: the bot polls it, tests and people chat through it."""

from bot.emulator.checkout import PaymentError, PaymentResult, ShippingStep
from bot.emulator.driver import ChatMessage, World
from bot.emulator.runner import (
    RunningEmulator,
    run_emulator,
    seed_demo,
    serve_emulator,
    start_emulator,
)
from bot.emulator.server import create_emulator_app
from bot.emulator.state import DEFAULT_TOKEN, DriverError

__all__ = [
    "DEFAULT_TOKEN",
    "ChatMessage",
    "DriverError",
    "PaymentError",
    "PaymentResult",
    "RunningEmulator",
    "ShippingStep",
    "World",
    "create_emulator_app",
    "run_emulator",
    "seed_demo",
    "serve_emulator",
    "start_emulator",
]
