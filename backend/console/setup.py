"""How the backend app takes the console in.

Routes, templates, the htmx plugin, and the services built at start.
"""

from __future__ import annotations

from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Router
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template import TemplateConfig
from litestar.types import BeforeMessageSendHookHandler

from backend.console.controllers import console_routers
from backend.console.headers import IMPORT_MAP, add_console_headers
from backend.console.naming import status_label
from backend.console.texts import language, t
from backend.console.web import TEMPLATES
from backend.settings import Settings, resolve_session_secret


class ConsoleConfig(NamedTuple):
    """What `create_app` passes to Litestar for the console."""

    routers: list[Router]
    templates: TemplateConfig[JinjaTemplateEngine]
    plugins: list[HTMXPlugin]
    before_send: list[BeforeMessageSendHookHandler]


def console_config(settings: Settings) -> ConsoleConfig:
    """The console's routers, Jinja templates (autoescaped), htmx plugin and security headers."""
    secret = resolve_session_secret(settings)
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    environment.globals["import_map"] = IMPORT_MAP  # the CSP allows exactly this inline script
    # The console's words in the browser's language (texts.py).
    environment.globals |= {"t": t, "language": language}
    environment.filters["status_label"] = status_label  # one name per status on every page
    return ConsoleConfig(
        routers=console_routers(secret, secure_cookies=settings.console_secure_cookies),
        templates=TemplateConfig(engine=JinjaTemplateEngine.from_environment(environment)),
        plugins=[HTMXPlugin()],
        before_send=[add_console_headers],
    )
