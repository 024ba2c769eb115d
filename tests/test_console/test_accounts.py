"""Disabling staff accounts and revoking tokens (CLI, API, console), and session-bound CSRF."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Mapping
from datetime import timedelta

import pytest

from backend.console.accounts import set_password
from backend.console.signin_limits import PAIR_FAILURES, WINDOW_SECONDS, client_key
from tests.test_backend.api import REPO, Api
from tests.test_backend.conftest import MovableClock
from tests.test_backend.server import environment, smallbatch
from tests.test_console.browsers import Browser, csrf_of

pytestmark = [pytest.mark.anyio, pytest.mark.settings(console_secure_cookies=False)]

PASSWORDS = {"alice": "alice-console-pass-1", "root": "root-console-pass-1"}


async def with_passwords(api: Api) -> None:
    """Console passwords for `alice` (staff) and `root` (admin)."""
    async with api.database() as db:
        for name, password in PASSWORDS.items():
            await set_password(db, name, password)


async def signed_in(api: Api, name: str) -> Browser:
    """A browser signed in as `name`."""
    browser = Browser(api.client)
    answer = await browser.sign_in(name, PASSWORDS[name])
    assert answer.status_code == 303, answer.text
    assert (await browser.request("GET", "/console/board")).status_code == 200
    return browser


async def assert_locked_out(api: Api, browser: Browser, role: str = "staff") -> None:
    """The account's API token, its open session and its password are all refused."""
    assert (await api.client.get("/api/v1/me", headers=api.staff(role))).status_code == 401
    board = await browser.request("GET", "/console/board")
    assert board.status_code == 303 and board.headers["location"].startswith("/console/login")
    again = await Browser(api.client).sign_in("alice", PASSWORDS["alice"])
    assert again.status_code == 401


async def staff_cli(api: Api, *args: str) -> subprocess.CompletedProcess[str]:
    """`smallbatch staff ...` on the running server's data directory."""
    return await asyncio.to_thread(
        subprocess.run,
        [*smallbatch(), "staff", *args],
        env=environment(api.settings.data_path),
        capture_output=True, text=True, cwd=REPO, check=False, timeout=120,
    )  # fmt: skip


async def test_staff_disable_on_the_command_line_refuses_token_session_and_password_at_once(
    api: Api,
) -> None:
    await with_passwords(api)
    alice = await signed_in(api, "alice")
    assert (await api.client.get("/api/v1/me", headers=api.staff())).status_code == 200

    done = await staff_cli(api, "disable", "alice")
    assert done.returncode == 0, done.stderr
    await assert_locked_out(api, alice)
    listed = await staff_cli(api, "list")
    assert "alice\tstaff\tdisabled" in listed.stdout

    assert (await staff_cli(api, "enable", "alice")).returncode == 0
    assert (await api.client.get("/api/v1/me", headers=api.staff())).status_code == 200
    assert (await staff_cli(api, "disable", "nobody")).returncode == 2


async def test_a_new_token_from_the_command_line_replaces_the_old_one(api: Api) -> None:
    done = await staff_cli(api, "token", "alice")
    assert done.returncode == 0, done.stderr
    new = done.stdout.strip().splitlines()[-1]
    assert (await api.client.get("/api/v1/me", headers=api.staff())).status_code == 401
    me = await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {new}"})
    assert me.status_code == 200 and me.json()["name"] == "alice"
    assert (await staff_cli(api, "revoke", "alice")).returncode == 0
    gone = await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {new}"})
    assert gone.status_code == 401


async def test_an_admin_disables_an_account_in_the_console(api: Api) -> None:
    await with_passwords(api)
    alice = await signed_in(api, "alice")
    root = await signed_in(api, "root")
    page = await root.request("GET", "/console/staff")
    assert page.status_code == 200 and 'data-name="alice"' in page.text

    disabled = await root.post_form("/console/staff/disable", csrf_of(page.text), name="alice")
    assert disabled.status_code == 303, disabled.text
    await assert_locked_out(api, alice)
    listed = await root.request("GET", "/console/staff")
    assert 'data-name="alice" data-state="disabled"' in listed.text

    enabled = await root.post_form("/console/staff/enable", csrf_of(listed.text), name="alice")
    assert enabled.status_code == 303
    assert (await api.client.get("/api/v1/me", headers=api.staff())).status_code == 200


async def test_an_admin_revokes_an_api_token_in_the_console(api: Api) -> None:
    await with_passwords(api)
    root = await signed_in(api, "root")
    page = await root.request("GET", "/console/staff")
    revoked = await root.post_form("/console/staff/revoke-token", csrf_of(page.text), name="alice")
    assert revoked.status_code == 303
    assert (await api.client.get("/api/v1/me", headers=api.staff())).status_code == 401
    # Only the token: alice still signs in to the console.
    assert (await Browser(api.client).sign_in("alice", PASSWORDS["alice"])).status_code == 303


async def test_only_admins_manage_accounts_and_not_their_own(api: Api) -> None:
    await with_passwords(api)
    alice = await signed_in(api, "alice")
    board = await alice.request("GET", "/console/board")
    refused = await alice.post_form("/console/staff/disable", csrf_of(board.text), name="root")
    assert refused.status_code == 403
    assert (await alice.request("GET", "/console/staff")).status_code == 403
    assert (await api.client.get("/api/v1/me", headers=api.staff("admin"))).status_code == 200

    root = await signed_in(api, "root")
    page = await root.request("GET", "/console/staff")
    itself = await root.post_form("/console/staff/disable", csrf_of(page.text), name="root")
    assert itself.status_code == 400


async def test_a_csrf_token_from_one_session_is_refused_in_another(api: Api) -> None:
    await with_passwords(api)
    alice = await signed_in(api, "alice")
    root = await signed_in(api, "root")
    alices_token = csrf_of((await alice.request("GET", "/console/board")).text)
    roots_token = csrf_of((await root.request("GET", "/console/staff")).text)
    roots_cookie = root.cookies["sb_csrf"]
    # root's browser, carrying a form token minted for alice's session (and her CSRF cookie).
    root.cookies["sb_csrf"] = alice.cookies["sb_csrf"]
    forged = await root.post_form("/console/staff/revoke-token", alices_token, name="alice")
    assert forged.status_code == 403
    assert (await api.client.get("/api/v1/me", headers=api.staff())).status_code == 200
    # The token minted for root's own session works.
    root.cookies["sb_csrf"] = roots_cookie
    own = await root.post_form("/console/staff/revoke-token", roots_token, name="alice")
    assert own.status_code == 303
    # And a session's token dies with it: signed out and in again, the old token is refused.
    assert (await root.post_form("/console/logout", roots_token)).status_code == 303
    assert (await root.sign_in("root", PASSWORDS["root"])).status_code == 303
    stale = await root.post_form("/console/staff/enable", roots_token, name="alice")
    assert stale.status_code == 403


def assert_page_headers(headers: Mapping[str, str]) -> None:
    """A console page's security headers: strict CSP, no framing, no referrer, no caching."""
    policy = dict(
        part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";")
    )
    assert policy["frame-ancestors"] == "'none'"
    assert "'unsafe-eval'" not in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert policy["script-src"].startswith("'self'") and policy["style-src"] == "'self'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


async def test_console_pages_send_security_headers_and_htmx_runs_without_eval(api: Api) -> None:
    await with_passwords(api)
    login = await Browser(api.client).request("GET", "/console/login")
    assert_page_headers(login.headers)
    assert '"allowEval": false' in login.text and '"allowScriptTags": false' in login.text
    root = await signed_in(api, "root")
    order = await api.order()
    for path in ("/console/board", f"/console/orders/{order['id']}", "/console/staff"):
        answer = await root.request("GET", path)
        assert answer.status_code == 200, path
        assert_page_headers(answer.headers)
    refused = await root.request("POST", "/console/staff/disable", data={"name": "alice"})
    assert refused.status_code == 403  # no CSRF token: an error page, with the same headers
    assert_page_headers(refused.headers)
    static = await root.request("GET", "/console/static/console.css")
    assert static.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in static.headers.get("cache-control", "")


def test_sign_in_attempts_count_ipv6_clients_by_their_64_network() -> None:
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff::9")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:198.51.100.7") == client_key("198.51.100.7") == "198.51.100.7"
    assert client_key(None) == "unknown"


async def test_a_right_password_clears_the_typos_of_its_address(
    api: Api, clock: MovableClock
) -> None:
    await with_passwords(api)
    # Start at the beginning of a counting window, so none ends during the test.
    clock.offset = timedelta(seconds=WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 1)
    browser = Browser(api.client)
    for _ in range(PAIR_FAILURES - 1):
        assert (await browser.sign_in("alice", "not-her-password")).status_code == 401
    assert (await browser.sign_in("alice", PASSWORDS["alice"])).status_code == 303
    # Counting starts again: as many typos as before are allowed, then the limit holds.
    for _ in range(PAIR_FAILURES):
        assert (await browser.sign_in("alice", "not-her-password")).status_code == 401
    limited = await browser.sign_in("alice", PASSWORDS["alice"])
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
