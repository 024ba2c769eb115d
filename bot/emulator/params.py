"""Bot API request parameters: decoding them from JSON, form or multipart, and the method table.

aiogram sends every call as a form, with numbers as text and objects (keyboards, entities) as
JSON strings; other clients send a JSON body. Both arrive here as a dict and leave as a Struct.
Unknown parameters are ignored, as the real Bot API ignores them: a bot built against a newer
API must not fail here for a field the emulator does not model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import msgspec

from bot.emulator.errors import BotApiError, bad_request
from bot.emulator.state import StoredFile, WorldState


class Params(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Base of every method's parameters."""


class Upload(msgspec.Struct, frozen=True, kw_only=True):
    """A file part of a multipart request."""

    name: str
    mime: str | None
    data: bytes


class InButton(Params):
    """An inline button as the bot sends it; `web_app`, `pay` and the like count as actions."""

    text: str
    url: str | None = None
    callback_data: str | None = None
    switch_inline_query: str | None = None
    switch_inline_query_current_chat: str | None = None
    web_app: dict[str, Any] | None = None
    login_url: dict[str, Any] | None = None
    copy_text: dict[str, Any] | None = None
    callback_game: dict[str, Any] | None = None
    pay: bool | None = None


class ReplyMarkup(Params):
    """Any of the four markups: inline keyboard, reply keyboard, keyboard removal, force reply."""

    inline_keyboard: list[list[InButton]] | None = None
    keyboard: list[list[str | dict[str, Any]]] | None = None
    remove_keyboard: bool | None = None
    force_reply: bool | None = None


class ReplyParameters(Params):
    """Which message a new message answers."""

    message_id: int
    allow_sending_without_reply: bool = False


class Target(Params):
    """A message the call acts on."""

    chat_id: int | str | None = None
    message_id: int | None = None
    inline_message_id: str | None = None


class Outgoing(Params):
    """What every send method shares."""

    chat_id: int | str
    reply_markup: ReplyMarkup | None = None
    reply_parameters: ReplyParameters | None = None
    reply_to_message_id: int | None = None


class CallContext:
    """One request: the world it acts on and the files uploaded with it."""

    def __init__(self, world: WorldState, uploads: dict[str, Upload]) -> None:
        self.world = world
        self.uploads = uploads

    def input_file(self, value: str, *, name: str) -> Upload | StoredFile:
        """Resolve an InputFile parameter: an `attach://` upload or a known file_id."""
        if value.startswith("attach://"):
            upload = self.uploads.get(value.removeprefix("attach://"))
            if upload is not None:
                return upload
        elif value in self.world.files:
            return self.world.files[value]
        # URLs end here as well: the emulator never fetches from the internet.
        raise bad_request(f"wrong file identifier/HTTP URL specified ({name})")


P = TypeVar("P", bound=Params)
Handler = Callable[[CallContext, Any], Awaitable[Any]]
MethodTable = dict[str, tuple[type[Params], Handler]]


R = TypeVar("R")


def api_method(
    table: MethodTable, name: str, params: type[P]
) -> Callable[
    [Callable[[CallContext, P], Coroutine[Any, Any, R]]],
    Callable[[CallContext, P], Coroutine[Any, Any, R]],
]:
    """Register a handler for Bot API method `name` (matched case-insensitively).

    The handler comes back with its own signature, so callers outside the table (tests) keep
    its parameter and result types.
    """

    def register(
        handler: Callable[[CallContext, P], Coroutine[Any, Any, R]],
    ) -> Callable[[CallContext, P], Coroutine[Any, Any, R]]:
        table[name.lower()] = (params, handler)
        return handler

    return register


def _is_text(annotation: Any) -> bool:
    return annotation in (str, str | None)


def decode_params(raw: dict[str, Any], params: type[P]) -> P:
    """Turn raw request values into the method's Struct, as Telegram reads them.

    Text fields keep form values as they are; every other field's form value is JSON
    (`"42"`, `"true"`, `'{"inline_keyboard": ...}'`), except a bare word such as `@channel`.
    """
    values = dict(raw)
    for field in msgspec.structs.fields(params):
        value = values.get(field.encode_name)
        if isinstance(value, str) and not _is_text(field.type):
            with contextlib.suppress(msgspec.DecodeError):
                values[field.encode_name] = msgspec.json.decode(value)
    try:
        return msgspec.convert(values, params, strict=False)
    except msgspec.ValidationError as error:
        raise _as_bad_request(str(error)) from error


def _as_bad_request(message: str) -> BotApiError:
    missing = message.removeprefix("Object missing required field `").partition("`")[0]
    if message.startswith("Object missing required field"):
        return bad_request(f"{missing} is empty")
    return bad_request(f"invalid parameters: {message}")
