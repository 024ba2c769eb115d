"""`Stopping` and the body timeout alone: what ends a wait, and what a wait returns."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend.body_timeout import BodyTimeout
from backend.errors import RequestTimeout, Unavailable
from backend.stopping import ServerStopping, Stopping

pytestmark = pytest.mark.anyio


async def test_a_wait_returns_its_result_when_it_comes_first() -> None:
    assert await Stopping().within(asyncio.sleep(0, "done"), timeout=5) == "done"


async def test_a_wait_times_out() -> None:
    with pytest.raises(TimeoutError):
        await Stopping().within(asyncio.Event().wait(), timeout=0.05)


async def test_a_wait_ends_when_the_server_begins_to_stop_and_after() -> None:
    stopping = Stopping()
    waiting = asyncio.create_task(stopping.within(asyncio.Event().wait(), timeout=60))
    await asyncio.sleep(0.01)
    stopping.set()
    with pytest.raises(ServerStopping):
        await asyncio.wait_for(waiting, 5)
    with pytest.raises(ServerStopping):  # a wait begun after the stop does not wait at all
        await asyncio.wait_for(stopping.within(asyncio.Event().wait(), timeout=60), 5)


async def run_app(
    receive_messages: list[dict[str, Any] | None], seconds: float, stopping: Stopping
) -> list[dict[str, Any]]:
    """Run an app that reads the whole body through `BodyTimeout`; None: a silent client."""
    got: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        message = receive_messages.pop(0)
        if message is None:
            await asyncio.Event().wait()  # the client says nothing more
        assert message is not None
        return message

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            got.append(message)
            if not message.get("more_body"):
                return

    async def send(message: Any) -> None:
        raise AssertionError("nothing is sent here")

    await BodyTimeout(app, seconds, stopping)({"type": "http"}, receive, send)  # type: ignore[arg-type]
    return got


async def test_a_body_that_keeps_arriving_is_read_whole() -> None:
    pieces = [{"type": "http.request", "body": b"a", "more_body": True}] * 3
    pieces.append({"type": "http.request", "body": b"", "more_body": False})
    assert len(await run_app(list(pieces), 5, Stopping())) == 4


async def test_a_body_that_stops_arriving_is_a_request_timeout_that_closes() -> None:
    pieces = [{"type": "http.request", "body": b"a", "more_body": True}, None]
    with pytest.raises(RequestTimeout) as error:
        await run_app(pieces, 0.05, Stopping())
    assert error.value.headers["Connection"] == "close"


async def test_a_body_still_arriving_when_the_server_stops_is_refused() -> None:
    stopping = Stopping()
    pieces = [{"type": "http.request", "body": b"a", "more_body": True}, None]
    reading = asyncio.create_task(run_app(pieces, 60, stopping))
    await asyncio.sleep(0.01)
    stopping.set()
    with pytest.raises(Unavailable) as error:
        await asyncio.wait_for(reading, 5)
    assert error.value.headers["Connection"] == "close"
