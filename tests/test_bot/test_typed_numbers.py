"""A quantity a customer types in digits int() refuses ("²") gets the usage hint, not a crash."""

from __future__ import annotations

from typing import Any, cast

import pytest
from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.api import BackendClient
from bot.handlers.quoting import on_typed_quantity
from bot.i18n import Translator

pytestmark = pytest.mark.anyio


class TypedMessage:
    """A customer's text message that records the bot's answers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.from_user = object()
        self.answers: list[str] = []

    async def answer(self, text: str, **_: Any) -> None:
        """Record the answer."""
        self.answers.append(text)


@pytest.fixture
def anyio_backend() -> str:
    """The bot's loop."""
    return "asyncio"


@pytest.mark.parametrize("typed", ["²", "¹⁰", "10²", "⑩"])
async def test_a_quantity_in_superscript_or_circled_digits_gets_the_usage_hint(typed: str) -> None:
    tr = Translator("en")
    message = TypedMessage(typed)
    # Nothing past the check may be reached: no state, bot or backend is given.
    await on_typed_quantity(
        cast(Message, message), cast(FSMContext, None), cast(Bot, None),
        cast(BackendClient, None), tr,
    )  # fmt: skip
    assert message.answers == [tr("bad_quantity")]
