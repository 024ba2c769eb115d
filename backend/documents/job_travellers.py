"""Job travellers served: a stored job of an order, its quote, part and the card, as a PDF.

Reads go through the schedule, quote and part services, so only staff get one; the
document itself is `travellers.traveller_document`, drawn by `traveller_layout`.
"""

from __future__ import annotations

import asyncio

import msgspec

from backend.auth.schemas import Principal
from backend.deps import Services
from backend.documents.model import Language
from backend.documents.service import quoted_part
from backend.documents.travellers import traveller_document
from backend.errors import Conflict
from backend.parts.service import PartService
from backend.quotes.service import QuoteService
from backend.ratecards.service import RateCardService
from backend.schedule.jobs import line_work, placement_of
from backend.schedule.service import ScheduleService, UnknownJob
from planning.floor import order_jobs
from pricing import Quote as Priced
from pricing.shopfloor import shop_floor

_PRICED = msgspec.json.Decoder(Priced)


class MachineGone(Conflict):
    """The job's machine is no longer on the active card's shop floor."""

    code = "machine_gone"


class TravellerService:
    """Travellers of scheduled jobs, drawn on demand from what is stored now."""

    def __init__(
        self,
        schedule: ScheduleService,
        quotes: QuoteService,
        parts: PartService,
        cards: RateCardService,
    ) -> None:
        self._schedule = schedule
        self._quotes = quotes
        self._parts = parts
        self._cards = cards

    async def traveller_pdf(
        self, principal: Principal, order_id: str, key: str, language: Language
    ) -> bytes:
        """The traveller of the order's job `key` (staff only), in `language`.

        Raises:
            UnknownJob: the order has no such job, or the card no longer makes it.
            MachineGone: the job's machine left the card's shop floor (it is re-planned soon).
        """
        order, stored = await self._schedule.job(principal, order_id, key)
        card = self._cards.active
        if card.planning is None:
            raise UnknownJob("The rate card has no shop floor: nothing is scheduled.")
        priced = _PRICED.decode(order.priced)
        job = next(
            (
                j
                for j in order_jobs(order.id, [line_work(priced)], shop_floor(card))
                if j.id == stored.job_id
            ),
            None,
        )
        if job is None:
            raise UnknownJob(f"The rate card no longer makes job {key[:40]!r} of this order.")
        quote, _, report, picture = await quoted_part(
            self._quotes, self._parts, principal, order.quote_id
        )
        try:
            document = traveller_document(
                language=language, card=card, order_number=order.number, job=job,
                placement=placement_of(stored), quote=quote, report=report, picture=picture,
                ship_date=order.promised_ship_date, lot=stored.material_lot,
            )  # fmt: skip
        except ValueError as error:
            raise MachineGone(str(error)) from error
        # reportlab takes about a second to import: only once a document is asked for.
        from backend.documents.traveller_layout import render_traveller  # noqa: PLC0415

        return await asyncio.to_thread(render_traveller, document)


def job_travellers(services: Services) -> TravellerService:
    """The travellers over an app's services (the API's and the console's)."""
    return TravellerService(services.schedule, services.quotes, services.parts, services.cards)
