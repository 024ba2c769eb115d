"""Staff accounts (admins): disable or enable an account, revoke its API token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth import accounts
from backend.auth.schemas import Principal
from backend.console.web import Console, form_fields, page
from backend.db import Database
from backend.errors import NotFound

Change = Callable[[Database, Principal, str], Awaitable[object]]
#: The form's action -> the service that carries it out (each checks the caller is an admin).
CHANGES: dict[str, Change] = {
    "disable": accounts.disable,
    "enable": accounts.enable,
    "revoke-token": accounts.revoke_token,
}


class StaffController(Controller):
    """`/console/staff`: every account, and what an admin can change about it."""

    path = "/console/staff"
    include_in_schema = False

    @get("/")
    async def show(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """The accounts, each with its state, token, password and live sessions."""
        rows = await accounts.list_accounts(console.db, staff)
        done = request.query_params.get("done")
        return page(request, "staff.html", user=staff, nav="staff", accounts=rows, done=done)

    @post("/{action:str}", status_code=303)
    async def change(
        self,
        action: FromPath[str],
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Redirect:
        """Disable, enable or revoke the token of the account named in the form."""
        change = CHANGES.get(action)
        if change is None:
            raise NotFound(f"There is no staff action {action!r}.")
        name = (await form_fields(request)).get("name", "")
        await change(console.db, staff, name)
        return Redirect(path=f"/console/staff?done={action}", status_code=303)
