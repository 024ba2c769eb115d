"""The lease calls to the backend and the answer they mirror (mixed into `BackendClient`)."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


class LeaseState(msgspec.Struct, frozen=True, kw_only=True):
    """A lease after the call: `held` by the asker (take) or by anyone (read)."""

    name: str
    held: bool
    holder: str | None = None
    expires_at: str | None = None


class LeaseCalls:
    """`/api/v1/leases/{name}`, for `BackendClient`."""

    async def _json(self, cls: type[T], method: str, path: str, **kwargs: Any) -> T:
        raise NotImplementedError  # BackendClient's own

    async def _raw(self, method: str, path: str, **kwargs: Any) -> bytes:
        raise NotImplementedError  # BackendClient's own

    async def take_lease(
        self, name: str, holder: str, seconds: float, *, timeout: float
    ) -> LeaseState:
        """Take the lease `name` for `seconds`, or renew it; whether `holder` has it now."""
        body = {"holder": holder, "seconds": seconds}
        path = f"/api/v1/leases/{name}"
        return await self._json(LeaseState, "PUT", path, json=body, timeout=timeout)

    async def release_lease(self, name: str, holder: str) -> None:
        """Give the lease up, so another replica takes it at once."""
        await self._raw("DELETE", f"/api/v1/leases/{name}", params={"holder": holder})

    async def lease(self, name: str) -> LeaseState:
        """Who holds the lease now."""
        return await self._json(LeaseState, "GET", f"/api/v1/leases/{name}")
