"""Rate cards: the card the server starts from, saved versions, and the active one.

`SMALLBATCH_RATE_CARD` names the starting card (see `backend.settings`); this service alone
turns it into a card, and the newest card saved from the console wins over it at start.
Each save is validated exactly as a card is at start (`pricing.parse_rate_card`, whose error
names the path of the wrong field) and stored as a new row with its version hash, who saved
it and when; from then on new quotes are priced with it. Quotes keep the `card_version` they
were priced with, so saving a card never changes an old quote.
"""

from __future__ import annotations

from importlib import resources

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.db import Database, now_iso
from backend.errors import Forbidden, InvalidRequest
from backend.ratecards import repository
from backend.ratecards.repository import CardRow
from backend.structs import Clock
from pricing import RateCard, RateCardError, load_rate_card, parse_rate_card

log = structlog.get_logger("smallbatch.ratecards")

MAX_CARD_BYTES = 200_000


class InvalidRateCard(InvalidRequest):
    """The card does not decode; the message names the field and the problem."""

    code = "invalid_rate_card"


def starting_card(path: str | None) -> RateCard:
    """The card at `path` (`SMALLBATCH_RATE_CARD`), else the one shipped with pricing.

    Raises:
        RateCardError: the file is missing or wrong; the message names path and field.
    """
    return load_rate_card(path)


def starting_text(path: str | None) -> str:
    """The TOML of the card the server started from, for the editor's first version."""
    if path is not None:
        with open(path, encoding="utf-8") as card:
            return card.read()
    return resources.files("pricing").joinpath("catalog.toml").read_text(encoding="utf-8")


class RateCardService:
    """Owns the active rate card: loads it at start, saves versions, swaps it on save."""

    def __init__(self, db: Database, clock: Clock, start: RateCard, start_path: str | None) -> None:
        self._db = db
        self._clock = clock
        self._start_path = start_path
        self._start = start
        self._active = start

    @property
    def active(self) -> RateCard:
        """The card new quotes are priced with."""
        return self._active

    async def load(self) -> RateCard:
        """At start: the newest saved card becomes active, if one was ever saved."""
        async with self._db.read() as conn:
            row = await repository.latest_card(conn)
        if row is not None:
            self._active = self._with_shipping(
                parse_rate_card(row.toml.encode(), f"rate card {row.version}")
            )
        return self._active

    def _with_shipping(self, card: RateCard) -> RateCard:
        """A card saved before cards had `[shipping]` ships as the start card does.

        Without it the shop would ship nowhere and every checkout would stop at the
        address; staff see the warning and add the table to the card when they next edit it.
        """
        if card.shipping is not None or self._start.shipping is None:
            return card
        log.warning("rate_card_without_shipping", version=card.version, using="the start card's")
        return msgspec.structs.replace(card, shipping=self._start.shipping)

    async def priced_with(self, version: str) -> RateCard:
        """The card of this version (a quote's `card_version`): active, saved or the start card.

        A version none of them has (the server was started from another file since) gives
        the active card: the nearest there is.
        """
        for card in (self._active, self._start):
            if card.version == version:
                return card
        async with self._db.read() as conn:
            row = await repository.card_by_version(conn, version)
        if row is None:
            return self._active
        return parse_rate_card(row.toml.encode(), f"rate card {row.version}")

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
        self._active = card
        log.info("rate_card_saved", version=card.version, by=principal.actor)
        return card
