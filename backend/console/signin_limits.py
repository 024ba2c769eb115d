"""How often a console sign-in may be tried: per name, per client address, and per both.

The policy (fixed 15-minute windows, counted in the database, so every server process
and replica shares the counts):

- **Reserved before the hash.** One write transaction reads the counts and adds the attempt
  before the ~0.5 s argon2 check runs, so parallel guesses cannot all pass a check made before
  any of them was counted. A success gives its attempt back and clears its (name, address) count.
- **Per (name, address):** 5 failures per window; then that address waits for the window's end
  (`429` with `Retry-After`) for that name. Guessing blocks the guesser's own address.
- **Per address:** 50 failures per window over all names, against spraying many names.
- **Per name: no lock-out.** After 20 failures in a window from anywhere, the name is under attack
  and each address gets 2 tries per window for it instead of 5. That slows a guesser with many
  addresses, but the right password from an address that has not been failing still signs in.

IPv6 clients count per /64 (one host usually holds a whole /64). The address is the socket's
peer, or what a proxy on loopback puts in `X-Forwarded-For` (uvicorn trusts 127.0.0.1 only).
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import NamedTuple

from backend.console import repository
from backend.db import Tx
from backend.errors import RateLimited

WINDOW_SECONDS = 900
PAIR_FAILURES = 5
PAIR_FAILURES_UNDER_ATTACK = 2
ADDRESS_FAILURES = 50
NAME_UNDER_ATTACK = 20
_PREFIX = "signin:"


class Attempt(NamedTuple):
    """One reserved sign-in attempt: its counters and the window they count in."""

    pair: str
    address: str
    name: str
    window_start: int

    @property
    def buckets(self) -> tuple[str, str, str]:
        """The three counters this attempt adds to."""
        return self.pair, self.address, self.name


def client_key(host: str | None) -> str:
    """The address a client is counted under: IPv4 as is, IPv6 by its /64 network."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return (host or "unknown")[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


async def reserve(tx: Tx, name: str, address: str, now: datetime) -> Attempt:
    """Count one attempt for `name` from `address`, or refuse it (`RateLimited`) uncounted."""
    window_start = int(now.timestamp()) // WINDOW_SECONDS * WINDOW_SECONDS
    attempt = Attempt(
        pair=f"{_PREFIX}pair:{address} {name}",
        address=f"{_PREFIX}addr:{address}",
        name=f"{_PREFIX}name:{name}",
        window_start=window_start,
    )
    await repository.sweep_limits(tx, _PREFIX, window_start)
    counts = await repository.limit_counts(tx, attempt.buckets, window_start)
    under_attack = counts.get(attempt.name, 0) >= NAME_UNDER_ATTACK
    allowed = PAIR_FAILURES_UNDER_ATTACK if under_attack else PAIR_FAILURES
    if counts.get(attempt.address, 0) >= ADDRESS_FAILURES or counts.get(attempt.pair, 0) >= allowed:
        retry = window_start + WINDOW_SECONDS - int(now.timestamp())
        raise RateLimited(
            "Too many failed sign-ins from here; wait a few minutes.",
            headers={"Retry-After": str(max(retry, 1))},
        )
    await repository.add_hits(tx, attempt.buckets, window_start)
    return attempt


async def succeeded(tx: Tx, attempt: Attempt) -> None:
    """Give a successful attempt back, and forget this address's failures for the name."""
    await repository.take_hit(tx, (attempt.address, attempt.name), attempt.window_start)
    await repository.clear_limit(tx, attempt.pair)
