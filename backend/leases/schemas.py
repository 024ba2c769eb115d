"""What the lease API takes and answers."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from backend.structs import Struct

#: A lease's name: `bot-poller`, `bot-notifier`, `periodic:review-reminders`, …
NAME_PATTERN = r"^[a-z0-9][a-z0-9:._-]{0,63}$"
#: Who asks: any printable ASCII without spaces (the bot uses host:pid:random).
HOLDER_PATTERN = r"^[\x21-\x7e]{1,128}$"
Holder = Annotated[str, Meta(pattern=HOLDER_PATTERN, max_length=128)]
#: How long a lease lasts unless renewed; at most an hour.
LeaseSeconds = Annotated[float, Meta(ge=1, le=3600)]


class LeaseRequest(Struct, frozen=True):
    """`PUT /api/v1/leases/{name}`: take the lease, or renew it, for `seconds`."""

    holder: Holder
    seconds: LeaseSeconds


class Lease(Struct, frozen=True):
    """A lease as it stands after the call.

    After a PUT, `held` says whether the asker holds it now; after a GET, whether anyone
    does. `holder` and `expires_at` (UTC, ISO 8601) are the current holder's, or null when
    nobody holds it.
    """

    name: str
    held: bool
    holder: str | None
    expires_at: str | None
