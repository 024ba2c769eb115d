"""The emulator's HTTP face: the Bot API, file downloads, the driver API and the chat page."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar, Request, Response, get, route
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.params import FromPath

from bot.emulator.control import DriverController, driver_error
from bot.emulator.driver import World
from bot.emulator.errors import BotApiError
from bot.emulator.media_group import METHODS as ALBUM_METHODS
from bot.emulator.messaging import METHODS as MESSAGING_METHODS
from bot.emulator.methods import METHODS as OTHER_METHODS
from bot.emulator.params import CallContext, MethodTable, Upload, decode_params
from bot.emulator.payment_methods import METHODS as PAYMENT_METHODS
from bot.emulator.state import DEFAULT_TOKEN, MB, DriverError
from bot.emulator.types import ApiFailure, ApiOk, ResponseParameters
from bot.emulator.web import chat_page

METHODS: MethodTable = {**OTHER_METHODS, **MESSAGING_METHODS, **ALBUM_METHODS, **PAYMENT_METHODS}
BOT_UPLOAD_LIMIT = 50 * MB  # Telegram's cap on a bot's multipart upload
REQUEST_LIMIT = 120 * MB  # above both the bot's cap and the driver's 100 MB test files


def _answer(outcome: Any) -> Response[bytes]:
    if isinstance(outcome, BotApiError):
        parameters = None
        if outcome.retry_after is not None:
            parameters = ResponseParameters(retry_after=outcome.retry_after)
        body = ApiFailure(
            ok=False,
            error_code=outcome.code,
            description=outcome.description,
            parameters=parameters,
        )
        # Telegram's flood answer also carries the wait as a Retry-After header.
        headers = {} if parameters is None else {"Retry-After": str(outcome.retry_after)}
        return Response(
            msgspec.json.encode(body),
            status_code=outcome.code,
            media_type="application/json",
            headers=headers,
        )
    return Response(
        msgspec.json.encode(ApiOk(ok=True, result=outcome)),
        status_code=200,
        media_type="application/json",
    )


async def read_params(request: Request[Any, Any, Any]) -> tuple[dict[str, Any], dict[str, Upload]]:
    """The call's parameters from the query string and a JSON, form or multipart body."""
    raw: dict[str, Any] = dict(request.query_params.items())
    uploads: dict[str, Upload] = {}
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("application/json"):
            body = await request.body()
            if body:
                raw.update(msgspec.json.decode(body, type=dict[str, Any]))
        elif content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
            form = await request.form()
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    data = await value.read()
                    uploads[key] = Upload(name=value.filename, mime=value.content_type, data=data)
                else:
                    raw[key] = value
    except (msgspec.DecodeError, ValueError) as error:
        raise BotApiError(400, "Bad Request: can't parse request body") from error
    # A file sent straight under its parameter name is the same as `attach://<name>`.
    for key in uploads:
        raw.setdefault(key, f"attach://{key}")
    return raw, uploads


async def call_method(world: World, head: str, name: str, request: Request[Any, Any, Any]) -> Any:
    """Run one Bot API call and record it; returns the result or the `BotApiError`."""
    recorded: dict[str, Any] = {}
    try:
        if head != f"bot{world.token}":
            raise BotApiError(401, "Unauthorized")
        entry = METHODS.get(name.lower())
        if entry is None:
            raise BotApiError(404, "Not Found")
        params_type, handler = entry
        recorded, uploads = await read_params(request)
        if sum(len(u.data) for u in uploads.values()) > BOT_UPLOAD_LIMIT:
            raise BotApiError(413, "Request Entity Too Large")
        params = decode_params(recorded, params_type)
        recorded = msgspec.to_builtins(params)
        outcome: Any = await handler(CallContext(world, uploads), params)
    except BotApiError as error:
        outcome = error
    world.record(name, recorded, outcome)
    return outcome


def create_emulator_app(world: World | None = None, *, token: str = DEFAULT_TOKEN) -> Litestar:
    """Build the emulator: the Bot API under `/bot<token>/`, files, `/_emulator/` and `/`.

    Args:
        world: the state to serve; a fresh `World(token)` when not given.
        token: the bot token of a fresh world (ignored when `world` is given).
    """
    world = world if world is not None else World(token)

    @route("/{head:str}/{method:str}", http_method=["GET", "POST"])
    async def bot_api(
        request: Request[Any, Any, Any], head: FromPath[str], method: FromPath[str]
    ) -> Response[bytes]:
        return _answer(await call_method(world, head, method, request))

    @get("/file/{head:str}/{file_path:path}")
    async def download(head: FromPath[str], file_path: FromPath[str]) -> Response[bytes]:
        file_id = world.file_paths.get(file_path.lstrip("/"))
        if head != f"bot{world.token}":
            return _answer(BotApiError(401, "Unauthorized"))
        if file_id is None:
            return _answer(BotApiError(404, "Not Found"))
        stored = world.files[file_id]
        return Response(stored.data, media_type=stored.mime or "application/octet-stream")

    return Litestar(
        route_handlers=[bot_api, download, DriverController, chat_page],
        dependencies={"world": Provide(lambda: world, sync_to_thread=False)},
        exception_handlers={DriverError: driver_error},
        on_shutdown=[world.close],
        # The emulator runs inside the bot's process: leave the bot's logging alone.
        logging_config=None,
        request_max_body_size=REQUEST_LIMIT,
        debug=False,
    )
