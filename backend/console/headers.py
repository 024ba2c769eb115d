"""The console's security headers, added to every answer under `/console` (errors included).

Pages get a Content-Security-Policy that allows scripts and styles from the console itself
only (no inline code, no eval; the order page's one inline import map by its hash), may not
be framed, send no Referer, are not sniffed as another type and are never cached (they show
customers' data to a signed-in member of staff). Static files get nosniff and may be cached.
"""

from __future__ import annotations

import base64
import hashlib

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

#: The order page's import map for three.js, inline because browsers load no external ones.
IMPORT_MAP = '{"imports": {"three": "/console/static/vendor/three/three.module.min.js"}}'


def _inline_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        f"script-src 'self' {_inline_hash(IMPORT_MAP)}",
        "style-src 'self'",
        "img-src 'self' data: blob:",  # Pico's icons are data: SVGs
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
_COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}
PAGE_HEADERS = {
    **_COMMON,
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}
STATIC_HEADERS = _COMMON


async def add_console_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook: the security headers of console pages and static files."""
    if message["type"] != "http.response.start":
        return
    path: str = scope.get("path", "")
    if not (path == "/console" or path.startswith("/console/")):
        return
    wanted = STATIC_HEADERS if path.startswith("/console/static/") else PAGE_HEADERS
    headers = MutableScopeHeaders.from_message(message)
    for name, value in wanted.items():
        headers[name] = value
