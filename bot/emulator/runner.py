"""Start the emulator in a running event loop, or on its own in the foreground."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn

from bot.emulator.driver import World
from bot.emulator.server import create_emulator_app

#: How long the emulator keeps an idle connection open: longer than any client's pool.
IDLE_CONNECTION_SECONDS = 75


def seed_demo(world: World) -> None:
    """Add the people the chat page offers at first: a customer, staff, and the staff group."""
    world.add_user("Alice", username="alice_customer")
    staff = world.add_user("Sam", username="sam_staff")
    world.add_group("Smallbatch staff", [staff], creator=staff)


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signals to the program it runs in.

    uvicorn would take SIGINT and SIGTERM for itself (over whatever handler the program set)
    and raise them again once stopped; the program embedding the emulator stops it instead.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Install nothing: the embedding program owns the signals."""
        yield


class RunningEmulator:
    """An emulator serving `world` from a task in the current event loop."""

    def __init__(self, world: World, server: uvicorn.Server, sock: socket.socket) -> None:
        self.world = world
        self.server = server
        self.sock = sock
        host, port = sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        self.task = asyncio.create_task(server.serve(sockets=[sock]))

    async def stop(self) -> None:
        """End every long poll, stop the server and wait for it."""
        self.world.close()
        self.server.should_exit = True
        await self.task
        self.sock.close()


async def start_emulator(
    world: World, host: str = "127.0.0.1", port: int = 0, *, embedded: bool = True
) -> RunningEmulator:
    """Serve `world` on `host:port` (0: any free port) from a task in this loop.

    The socket is listening when this returns, so a bot may connect at once, even before
    uvicorn has finished starting. `embedded`: the program it runs in owns the signals
    (`smallbatch serve`, tests); otherwise uvicorn takes Ctrl-C itself.
    """
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen()
    config = uvicorn.Config(
        create_emulator_app(world),
        log_level="warning",
        # Long polls would otherwise hold a graceful stop for their whole timeout.
        timeout_graceful_shutdown=1,
        # Idle connections outlive the client's pool (aiohttp keeps them 15 s), as Telegram's
        # do: with uvicorn's 5 s, a request sent as the server closes the connection is reset.
        timeout_keep_alive=IDLE_CONNECTION_SECONDS,
    )
    server = EmbeddedServer(config) if embedded else uvicorn.Server(config)
    return RunningEmulator(world, server, sock)


async def serve_emulator(world: World, host: str = "127.0.0.1", port: int = 8081) -> None:
    """Serve `world` until interrupted, printing the chat page's URL and the bot token."""
    running = await start_emulator(world, host, port, embedded=False)
    print(f"Telegram emulator chat page: {running.url}/")
    print(f"Bot API server: {running.url}  (TelegramAPIServer.from_base)  token: {world.token}")
    await running.task


def run_emulator(host: str = "127.0.0.1", port: int = 8081) -> None:
    """Run a seeded emulator in the foreground until Ctrl-C."""
    world = World()
    seed_demo(world)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn raises Ctrl-C again once stopped
        asyncio.run(serve_emulator(world, host, port))
