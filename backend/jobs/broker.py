"""Is the broker there: asked at start (exit 2 when not) and by `/ready`."""

from __future__ import annotations

from kombu.connection import Connection

#: Seconds a readiness or start-up check waits for the broker.
CHECK_SECONDS = 2.0


def broker_answers(url: str, timeout: float = CHECK_SECONDS) -> bool:
    """Whether a connection to the broker at `url` opens within `timeout` seconds."""
    try:
        connection = Connection(  # type: ignore[no-untyped-call]  # kombu has no types
            url, connect_timeout=timeout, transport_options={"socket_timeout": timeout}
        )
        with connection as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception:  # any failure to connect means the same: not there
        return False
    return True


def unreachable_message(url: str) -> str:
    """The start-up error naming the variable (never its password)."""
    scheme, _, rest = url.partition("://")
    where = rest.rsplit("@", 1)[-1]
    return f"SMALLBATCH_BROKER_URL: no broker answers at {scheme}://{where}"
