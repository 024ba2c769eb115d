"""Price charts drawn once per part, rate-card version, lead tier and quantities.

A chart costs a full comparison and about half a second of matplotlib; the bot shows the
same one on every quote card of a part. It is a pure function of the part's measured file
(sha256 and units), the card, the lead tier and the quantities, so it is kept as a PNG in
the file store under its card version: every replica sharing the store (as they must,
for the files) shares the charts, and a saved card is a new version, so an old
chart can never answer for it. The folder also names `CHART_STYLE`, bumped when the
drawing changes, so charts an older release drew are not served by a newer one. Drawing a
chart for a new folder drops the others, and so does a start (keeping the active card's,
which replicas sharing the bucket may have just drawn).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Awaitable, Callable
from typing import NamedTuple

import structlog

from backend.parts.storage import FileStore
from pricing.catalog import LeadName
from vocabulary import Language

log = structlog.get_logger("smallbatch.quotes")

#: Bump when a chart is drawn differently: the cached charts of the old style are dropped.
CHART_STYLE = 1


def chart_folder(card_version: str) -> str:
    """The folder of the charts drawn with `card_version` in this release's style."""
    return f"{card_version}.style{CHART_STYLE}"


class ChartKey(NamedTuple):
    """Everything a price chart depends on."""

    sha256: str
    units: str
    card_version: str
    lead: LeadName
    quantities: tuple[int, ...]
    chosen: str = ""  # the process drawn bold ("" : none)
    language: Language = "en"

    @property
    def folder(self) -> str:
        """The chart's folder: its card version and the drawing style."""
        return chart_folder(self.card_version)

    @property
    def name(self) -> str:
        """The chart's file name within its card version's folder."""
        wanted = hashlib.sha256(",".join(map(str, self.quantities)).encode()).hexdigest()[:16]
        extra = f".{self.chosen or '-'}.{self.language}"
        return f"{self.sha256}.{self.units}.{self.lead}.{wanted}{extra}.png"


class ChartCache:
    """Charts on disk, drawn on a miss (off the event loop, by the caller's `draw`)."""

    def __init__(self, store: FileStore) -> None:
        self._store = store

    async def get(self, key: ChartKey, draw: Callable[[], Awaitable[bytes]]) -> bytes:
        """The chart for `key`: read back when drawn before, else drawn now and kept."""
        try:
            return await asyncio.to_thread(self._store.read_chart, key.folder, key.name)
        except FileNotFoundError:
            pass
        png = await draw()
        await asyncio.to_thread(self._keep, key, png)
        log.info(
            "chart_drawn", sha256=key.sha256, units=key.units, card_version=key.card_version,
            lead=key.lead, quantities=list(key.quantities),
        )  # fmt: skip
        return png

    def _keep(self, key: ChartKey, png: bytes) -> None:
        self._store.drop_charts(keep=key.folder)
        with contextlib.suppress(FileNotFoundError):  # another process dropped the folder
            self._store.write_chart(key.folder, key.name, png)
