"""The customer's Telegram name, as the bot first saw it: kept once, for the console."""

from __future__ import annotations

import pytest

from tests.test_backend.api import ALICE, BOB, Api, bot, customer, error_code

pytestmark = pytest.mark.anyio
PATH = "/api/v1/profile/telegram-name"


async def test_the_first_telegram_name_heard_is_kept(api: Api) -> None:
    first = {"first_name": "Alice", "last_name": "Smith", "username": "alice"}
    kept = await api.client.put(PATH, json=first, headers=customer(ALICE))
    assert kept.status_code == 204, kept.text
    # A second bot replica, or the bot after a restart, says it again (or a newer name).
    again = await api.client.put(PATH, json={"first_name": "Ally"}, headers=customer(ALICE))
    assert again.status_code == 204
    rows = api.sql("SELECT customer, first_name, last_name, username FROM telegram_names")
    assert rows == [(ALICE, "Alice", "Smith", "alice")]


async def test_only_a_customer_names_themselves_and_hostile_names_are_refused(api: Api) -> None:
    as_bot = await api.client.put(PATH, json={"first_name": "Eve"}, headers=bot())
    assert as_bot.status_code == 403 and error_code(as_bot) == "forbidden"
    for hostile in (
        {"username": "al ice<script>"},
        {"first_name": "x" * 65},
        {"first_name": 12},
        {"nickname": "eve"},
    ):
        refused = await api.client.put(PATH, json=hostile, headers=customer(BOB))
        assert refused.status_code == 400, hostile
        assert error_code(refused) == "invalid_request"
    assert api.sql("SELECT customer FROM telegram_names") == []
