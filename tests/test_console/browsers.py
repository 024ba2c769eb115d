"""Several browsers, each with its own cookies, on one `AsyncTestClient`."""

from __future__ import annotations

import re
from typing import Any

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

_CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_of(page: str) -> str:
    """The CSRF token a rendered console page's forms carry."""
    match = _CSRF_INPUT.search(page)
    assert match, page
    return match[1]


class Browser:
    """A cookie jar of its own over the shared test client (the client's jar is left empty)."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self.client = client
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request with this browser's cookies; it keeps the cookies the answer sets."""
        self.client.cookies.clear()
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {**kwargs.pop("headers", {}), **({"Cookie": cookie} if cookie else {})}
        response = await self.client.request(
            method, path, headers=headers, follow_redirects=False, **kwargs
        )
        self.client.cookies.clear()
        for line in response.headers.get_list("set-cookie"):
            key, _, value = line.split(";", 1)[0].partition("=")
            if value.strip('"'):
                self.cookies[key] = value.strip('"')
            else:
                self.cookies.pop(key, None)
        return response

    async def post_form(self, path: str, token: str, **fields: str) -> httpx.Response:
        """Post a console form with this CSRF token."""
        return await self.request("POST", path, data={"_csrf_token": token, **fields})

    async def sign_in(self, name: str, password: str) -> httpx.Response:
        """Sign in through the form."""
        token = csrf_of((await self.request("GET", "/console/login")).text)
        return await self.post_form("/console/login", token, name=name, password=password)
