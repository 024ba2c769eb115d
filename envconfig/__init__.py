"""Settings read from environment variables, with one definition per setting.

A settings class is a frozen msgspec Struct whose fields are annotated with `var(...)`: the
variable's name, what it means, how its default reads in a table, and any limits
(`gt=0`, …). From that one definition `from_env` reads and validates the environment (a
wrong value fails naming its variable) and `markdown_table` writes the README's table,
so the documentation cannot drift from the code.

A leaf: it imports only the standard library and msgspec, so the backend, the bot and the
application package all use it without importing each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

import msgspec
import msgspec.inspect as mi

__all__ = ["EnvError", "EnvVar", "env_vars", "from_env", "markdown_table", "var"]

S = TypeVar("S", bound=msgspec.Struct)


class EnvError(ValueError):
    """An environment variable holds a value its setting cannot take; the message names it."""


class EnvVar(NamedTuple):
    """One setting as the environment and the README see it."""

    name: str  # the environment variable
    field: str  # the settings field it fills
    default: str  # the default as a table shows it
    meaning: str


def var(name: str, meaning: str, *, default: str | None = None, **limits: Any) -> msgspec.Meta:
    """The annotation of a setting read from `name`.

    Args:
        name: the environment variable.
        meaning: one line for the README's table.
        default: how the default reads in the table, when the field's own default
            (e.g. `None`) does not say it.
        limits: msgspec constraints such as `gt=0`, checked on reading.
    """
    return msgspec.Meta(description=meaning, extra={"env": name, "default": default}, **limits)


def env_vars(settings_type: type[msgspec.Struct]) -> list[EnvVar]:
    """Every setting of `settings_type` that comes from a variable, in field order."""
    found = []
    info = mi.type_info(settings_type)
    assert isinstance(info, mi.StructType)
    for field in info.fields:
        meta = field.type
        if not isinstance(meta, mi.Metadata) or not meta.extra or "env" not in meta.extra:
            continue
        shown = meta.extra.get("default")
        if shown is None:
            shown = _shown(field.default)
        description = (meta.extra_json_schema or {}).get("description", "")
        found.append(EnvVar(meta.extra["env"], field.name, shown, description))
    return found


def from_env(
    settings_type: type[S],
    env: Mapping[str, str] | None = None,
    *,
    error: Callable[[str], Exception] = EnvError,
) -> S:
    """`settings_type` from `env` (default: the process environment).

    Unset or blank variables keep the field's default. Values are converted from text
    (`"8000"` is an int, `"false"` a bool) and checked against the field's limits; a
    failure raises `error(message)` with the variable's name first in the message.
    """
    env = os.environ if env is None else env
    fields = {v.field: v.name for v in env_vars(settings_type)}
    raw = {field: env[name] for field, name in fields.items() if env.get(name, "").strip()}
    try:
        return msgspec.convert(raw, settings_type, strict=False)
    except msgspec.ValidationError as exc:
        field = str(exc).rsplit("$.", 1)[-1].rstrip("`")
        name = fields.get(field, "environment")
        raise error(f"{name}: {exc}") from None


def markdown_table(groups: Iterable[type[msgspec.Struct]], *, skip: Iterable[str] = ()) -> str:
    """The README table of every variable the settings types read, in order, each once.

    Variables named in `skip` (listed in another table) are left out.
    """
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    seen: set[str] = set(skip)
    for settings_type in groups:
        for v in env_vars(settings_type):
            if v.name not in seen:
                seen.add(v.name)
                rows.append(f"| `{v.name}` | {v.default} | {v.meaning} |")
    return "\n".join(rows)


def _shown(default: object) -> str:
    if default is None or default is msgspec.NODEFAULT or default == "":
        return "unset"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{default:g}`" if isinstance(default, float) else f"`{default}`"
