"""Rate-card versions: the newest card saved from the console prices new quotes.

Each save is validated exactly as a card is at start (`pricing.parse_rate_card`,
whose error names the path of the wrong field) and stored as a new row with its
version hash, who saved it and when. Quotes keep the `card_version` they were
priced with, so saving a card never changes an old quote.
"""

from __future__ import annotations

from importlib import resources

import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.console import repository
from backend.console.repository import CardRow
from backend.db import Database, now_iso
from backend.errors import Forbidden, InvalidRequest
from backend.quotes.service import QuoteService
from backend.structs import Clock
from pricing import RateCard, RateCardError, parse_rate_card

log = structlog.get_logger("smallbatch.console")

MAX_CARD_BYTES = 200_000


class InvalidRateCard(InvalidRequest):
    """The card does not decode; the message names the field and the problem."""

    code = "invalid_rate_card"


async def newest_card(db: Database, fallback: RateCard) -> RateCard:
    """The card to price with at start: the newest saved one, else `fallback` (file or package)."""
    async with db.read() as conn:
        row = await repository.latest_card(conn)
    if row is None:
        return fallback
    return parse_rate_card(row.toml.encode(), f"rate card {row.version}")


def starting_text(path: str | None) -> str:
    """The TOML of the card the server started from, for the editor's first version."""
    if path is not None:
        with open(path, encoding="utf-8") as card:
            return card.read()
    return resources.files("pricing").joinpath("catalog.toml").read_text(encoding="utf-8")


class RateCards:
    """Shows and saves rate-card versions, and hands the current one to the quote service."""

    def __init__(
        self, db: Database, quotes: QuoteService, clock: Clock, start_path: str | None
    ) -> None:
        self._db = db
        self._quotes = quotes
        self._clock = clock
        self._start_path = start_path

    @property
    def current(self) -> RateCard:
        """The card new quotes are priced with."""
        return self._quotes.card

    async def current_text(self) -> str:
        """The TOML of the current card: the newest saved, else the card the server started from."""
        async with self._db.read() as conn:
            row = await repository.latest_card(conn)
        return row.toml if row is not None else starting_text(self._start_path)

    async def history(self, limit: int = 50) -> list[CardRow]:
        """Saved versions, newest first."""
        async with self._db.read() as conn:
            return await repository.card_history(conn, limit)

    async def save(self, principal: Principal, text: str) -> RateCard:
        """Validate and store a new version; new quotes are priced with it from now on."""
        require_staff(principal)
        if principal.role != "admin":
            raise Forbidden("Only an admin can change the rate card.")
        data = text.replace("\r\n", "\n").encode()
        if len(data) > MAX_CARD_BYTES:
            raise InvalidRateCard(f"A rate card is at most {MAX_CARD_BYTES // 1000} kB.")
        try:
            card = parse_rate_card(data, "rate card")
        except RateCardError as exc:
            raise InvalidRateCard(str(exc)) from exc
        row = CardRow(card.version, data.decode(), principal.actor, now_iso(self._clock.now()))
        async with self._db.write() as tx:
            await repository.insert_card(tx, row)
        self._quotes.card = card
        log.info("rate_card_saved", version=card.version, by=principal.actor)
        return card
