"""The whole shop for end-to-end bot tests: the real backend, the emulator and the real bot.

The backend is the Litestar app under uvicorn on a loopback port with SQLite in a tmp dir
(real analysis workers); the bot is the real aiogram dispatcher polling the emulator; the
test acts as a customer and as staff through the emulator's driver API and waits on it
(no sleeps).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import msgspec
import uvicorn

from backend.app import create_app
from backend.settings import Settings
from backend.stopping import Stopping
from bot.api import BackendClient
from bot.config import BotConfig
from bot.emulator import ChatMessage, RunningEmulator, World, start_emulator
from bot.emulator.types import CallbackQuery, Chat, User
from bot.factory import create_bot, create_dispatcher
from tests.conftest import FIXTURE_MESHES, REPO, LoggedEvents, logged
from tests.test_bot.conftest import Settled, polling

BOT_KEY = "e2e-bot-key-0123456789"
BRACKET = (REPO / "geometry" / "samples" / "bracket.stl").read_bytes()
FEATURETYPE = (FIXTURE_MESHES / "featuretype.STL").read_bytes()  # the units question
ANALYSIS = 60.0  # seconds a measurement may take on a busy 2-core machine
STEP = 10.0  # seconds any other bot reaction may take
#: The bot's long poll of the event feed and its lease renewals run on their own clock,
#: not on a press.
FEED = "/api/v1/events"
BACKGROUND = (FEED, "/api/v1/leases/")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Backend:
    """The backend app under uvicorn in this loop; stop and start it again on the same port."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = f"http://127.0.0.1:{settings.port}"
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = Stopping()

    async def start(self) -> None:
        """Serve until `stop()`; returns once it accepts connections."""
        self._stopping = Stopping()
        # Kept so a test can reach the running app's services (the console's QC, say).
        self.app = create_app(self.settings, stopping=self._stopping)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.settings.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        """Stop serving (connections refused until `start()`)."""
        if self._server is not None and self._task is not None:
            # As `smallbatch serve` does: the bot's long poll of the event feed answers at
            # once, instead of holding every stop for the whole grace period.
            self._stopping.set()
            self._server.should_exit = True
            await self._task
            self._server = self._task = None


def requests_since(log: LoggedEvents, mark: int) -> list[tuple[str, str]]:
    """(method, path) of the requests the backend answered after its `mark`-th log event.

    The bot's long poll of the event feed and its lease renewals are left out.
    """
    answered = [
        (str(e["method"]), str(e["path"])) for e in log.events[mark:] if e["event"] == "request"
    ]
    return [(method, path) for method, path in answered if not path.startswith(BACKGROUND)]


class Shop:
    """Everything one test talks to, with the people in it."""

    def __init__(
        self,
        emulator: RunningEmulator,
        backend: Backend,
        config: BotConfig,
        settled: Settled,
        log: LoggedEvents,
    ) -> None:
        self.emulator = emulator
        self.settled = settled
        self.log = log  # the backend's request log
        self.world: World = emulator.world
        self.backend = backend
        self.config = config
        # open_shop adds them in this order: Alice the customer, Sam on staff, Mallory outside.
        self.customer, self.staff, self.outsider = list(self.world.users.values())[:3]
        self.staff_chat: Chat = self.world.chats[config.staff_chat_id or 0].chat
        self.running: RunningBot | None = None  # set by open_shop

    async def restart_bot(self, meanwhile: Callable[[], Awaitable[object]]) -> None:
        """Stop the bot, do `meanwhile` while it is down, start a fresh bot."""
        assert self.running is not None
        await self.running.stop()
        await meanwhile()
        self.settled = await self.running.start()

    async def returning(self, user: User, profile: dict[str, str], address: dict[str, str]) -> None:
        """`user` has a profile and an address on file (asked once, in an earlier order)."""
        api = BackendClient(self.backend.url, BOT_KEY)
        try:
            await returning_customer(api, user.id, profile, address)
        finally:
            await api.close()

    async def wait_message(
        self,
        chat: Chat | User | int,
        predicate: Callable[[ChatMessage], bool],
        *,
        after: int = 0,
        timeout: float = STEP,
    ) -> ChatMessage:
        """The first bot message in `chat` after message id `after` that satisfies `predicate`."""

        def found() -> ChatMessage | None:
            return next(
                (m for m in self.world.bot_messages(chat) if m.message_id > after and predicate(m)),
                None,
            )

        return await self.world.wait_for(found, timeout)

    async def wait_text(
        self, chat: Chat | User | int, needle: str, *, after: int = 0, timeout: float = STEP
    ) -> ChatMessage:
        """The first bot message after `after` whose text or caption contains `needle`."""
        return await self.wait_message(
            chat, lambda m: needle in (m.text or ""), after=after, timeout=timeout
        )

    async def wait_edit(
        self, message: ChatMessage, needle: str, *, timeout: float = STEP
    ) -> ChatMessage:
        """`message` once (edited so that) its text contains `needle`."""

        def current() -> ChatMessage | None:
            now = next(
                (
                    m
                    for m in self.world.bot_messages(message.chat_id)
                    if m.message_id == message.message_id
                ),
                None,
            )
            return now if now is not None and needle in (now.text or "") else None

        return await self.world.wait_for(current, timeout)

    async def upload(self, name: str, data: bytes) -> ChatMessage:
        """The customer sends a file; returns the part card once it is shown."""
        sent = self.world.send_document(self.customer, name, data)
        return await self.wait_message(
            self.customer, lambda m: m.photo is not None, after=sent.message_id, timeout=ANALYSIS
        )

    def press(self, user: User, message: ChatMessage, label: str) -> CallbackQuery:
        """Press the button labelled `label`, else the one whose label contains it."""
        current = next(
            m for m in self.world.messages(message.chat_id) if m.message_id == message.message_id
        )
        buttons = [b for row in current.buttons for b in row]
        matches = [b for b in buttons if b.text == label] or [b for b in buttons if label in b.text]
        assert len(matches) == 1, (label, [b.text for row in current.buttons for b in row])
        return self.world.press_button(user, current, matches[0].callback_data)

    async def answered(self, query: CallbackQuery) -> None:
        """Wait until the bot has answered a button press (the first thing every handler does)."""

        def answer() -> bool | None:
            return (
                any(a.callback_query_id == query.id for a in self.world.callback_answers()) or None
            )

        await self.world.wait_for(answer, STEP)

    async def ask_backend(self, path: str, **params: str) -> Any:
        """The backend's JSON answer to the bot asking `path` for Alice (without blocking)."""
        headers = {
            "Authorization": f"Bearer {BOT_KEY}",
            "X-Telegram-User-Id": str(self.customer.id),
        }
        async with httpx.AsyncClient(base_url=self.backend.url, headers=headers) as client:
            response = await client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def card_text(self, chat: Chat | User | int, message_id: int) -> str | None:
        """The text (or caption) of one message as it reads now."""
        found = [m for m in self.world.messages(chat) if m.message_id == message_id]
        return found[0].text if found else None

    @contextlib.asynccontextmanager
    async def backend_calls(self) -> AsyncIterator[list[tuple[str, str]]]:
        """The backend requests the bot makes in the body of the `with` (filled in at its end).

        Read from the backend's request log once the bot has finished handling every
        update, so a call made after the reaction the body waited for counts too.
        """
        await self.settled.wait(STEP)
        mark = len(self.log.events)
        calls: list[tuple[str, str]] = []
        yield calls
        await self.settled.wait(STEP)
        calls.extend(requests_since(self.log, mark))

    def latest(self, chat: Chat | User | int) -> int:
        """The id of the latest message in a chat (anyone's), to wait for what comes after."""
        everything = self.world.messages(chat)
        return everything[-1].message_id if everything else 0


#: Alice's profile and address as a returning customer has them (`open_shop(profiled=True)`).
ALICE_PROFILE = {"name": "Alice Example", "email": "alice@example.com", "phone": "+4930123456"}
ALICE_ADDRESS = {"recipient": "Alice Example", "line1": "Alexanderplatz 1", "city": "Berlin",
                 "postcode": "10178", "country": "DE"}  # fmt: skip


async def returning_customer(
    api: BackendClient,
    user: int,
    profile: dict[str, str] = ALICE_PROFILE,
    address: dict[str, str] = ALICE_ADDRESS,
) -> None:
    """Give `user` the profile and address a customer who ordered before has on file."""
    await api.update_profile(user, **profile)
    await api.add_address(user, address)


@contextlib.asynccontextmanager
async def open_shop(
    tmp_path: Path, *, profiled: bool = True, **config: object
) -> AsyncIterator[Shop]:
    """Start the backend, the emulator and the bot; stop them all at the end.

    `profiled`: Alice has given her profile and an address before (a returning customer),
    so checkout asks only how to ship.
    """
    world = World()
    world.add_user("Alice", username="alice")
    staff = world.add_user("Sam", username="sam_staff")
    world.add_user("Mallory", username="mallory")
    group = world.add_group("Smallbatch staff", [staff], creator=staff)
    emulator = await start_emulator(world)
    settings = Settings(
        data_dir=str(tmp_path / "data"),
        port=free_port(),
        bot_key=BOT_KEY,
        events_poll_seconds=0.05,
        uploads_per_hour=1000,
        analysis_workers=2,
        staff_telegram_ids=str(staff.id),
        # Payment in chat is on for the backend exactly when the bot has a provider token.
        payment_provider_token=str(config.get("payment_provider_token") or ""),
    )
    backend = Backend(settings)
    await backend.start()
    bot_config = BotConfig(
        token=world.token,
        bot_key=BOT_KEY,
        backend_url=backend.url,
        api_server=emulator.url,
        staff_chat_id=group.id,
        staff_ids=frozenset({staff.id}),
        events_wait=5.0,
        status_every=0.1,
    )
    # Tests may override any other BotConfig field by keyword.
    bot_config = msgspec.structs.replace(bot_config, **config)
    api = BackendClient(backend.url, BOT_KEY)
    if profiled:
        await returning_customer(api, next(iter(world.users.values())).id)
    running = RunningBot(bot_config, api)
    try:
        with logged("smallbatch.request") as log:
            settled = await running.start()
            shop = Shop(emulator, backend, bot_config, settled, log)
            shop.running = running
            yield shop
    finally:
        await running.stop()
        await api.close()
        await backend.stop()
        await emulator.stop()


class RunningBot:
    """The real bot polling the emulator; stopped and started again as a restart would."""

    def __init__(self, config: BotConfig, api: BackendClient) -> None:
        self._config = config
        self._api = api
        self._stack: contextlib.AsyncExitStack | None = None
        self._settled: Settled | None = None

    async def start(self) -> Settled:
        """A new bot and dispatcher (nothing kept in memory from before) polling."""
        stack = contextlib.AsyncExitStack()
        bot = create_bot(self._config)
        stack.push_async_callback(bot.session.close)
        dp = create_dispatcher(self._config, self._api)
        settled = await stack.enter_async_context(polling(dp, bot))
        self._stack, self._settled = stack, settled
        return settled

    async def stop(self) -> None:
        """Stop polling and the notifier (what is being handled finishes first).

        A handler may still be at work when a test ends (after the message the test waited
        for, checkout still marks the quote card as ordered): on a busy machine that can take
        more than the few seconds `polling` waits at its end, so wait for it here first.
        """
        if self._stack is not None:
            if self._settled is not None:
                with contextlib.suppress(TimeoutError):  # `polling` then fails as before
                    await self._settled.wait(ANALYSIS)
            await self._stack.aclose()
            self._stack = self._settled = None


async def quote_card(shop: Shop, quantity_label: str | None = None) -> ChatMessage:
    """Alice sends the bracket and picks SLA in Tough resin: the quote card."""
    return await choose(shop, "SLA", "Tough resin", quantity_label)


async def choose(
    shop: Shop, process: str, material: str, quantity_label: str | None = None
) -> ChatMessage:
    """Alice sends the bracket, picks a process and a material (button labels): the quote card."""
    card = await shop.upload("bracket.stl", BRACKET)
    shop.press(shop.customer, card, process)
    card = await shop.wait_edit(card, f"Choose a material for {process}:")
    before = shop.latest(shop.customer)
    shop.press(shop.customer, card, material)
    quote = await shop.wait_message(shop.customer, lambda m: m.photo is not None, after=before)
    if quantity_label:
        shop.press(shop.customer, quote, quantity_label)
        quote = await shop.wait_edit(quote, f"{quantity_label} pcs")
    return quote


async def checkout(shop: Shop, press: Callable[[], object], method: str = "Pickup") -> str:
    """Press Accept (`press`), ship by `method` to Alice's address: the order's number."""
    before = shop.latest(shop.customer)
    press()
    asked = await shop.wait_text(shop.customer, "How shall we send", after=before)
    shop.press(shop.customer, asked, method)
    placed = await shop.wait_text(shop.customer, "Order #", after=asked.message_id)
    return (placed.text or "").split("#")[1].split()[0]


async def accept(shop: Shop, quote: ChatMessage, method: str = "Pickup") -> str:
    """Alice accepts a quote card and ships by `method`: the order's number."""
    return await checkout(shop, lambda: shop.press(shop.customer, quote, "Accept"), method)


async def place_order(shop: Shop) -> tuple[str, ChatMessage]:
    """Alice accepts a quote; (order number, the staff group's card for it)."""
    number = await accept(shop, await quote_card(shop))
    card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
    return number, card
