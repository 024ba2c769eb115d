"""`/api/v1/quotes`, a part's comparison across every process, and the catalog's names."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from backend.auth.schemas import Principal
from backend.quotes.schemas import Catalog, Quote, QuoteChange, QuoteCreate
from backend.quotes.service import QuoteService
from backend.structs import decode_strict
from pricing import JsonComparison
from pricing.catalog import LeadName


class QuoteController(Controller):
    """Quotes a customer asked for."""

    path = "/api/v1/quotes"
    tags = ("quotes",)

    @post("/")
    async def create(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        hint: FromQuery[bool] = False,
        chart: FromQuery[str | None] = None,
    ) -> Quote:
        """Price a measured part for one process, material and quantity.

        `?hint=true` adds `cheaper`: another process cheaper near this quantity, or null.
        `?chart=1,10,100` adds `chart_png` (base64): the part's price chart at those
        quantities and the quote's lead tier.
        """
        data = decode_strict(await request.body(), QuoteCreate)
        return await quotes.create(principal, data, hint=hint, chart=chart)

    @post("/{quote_id:str}/requote")
    async def requote(
        self,
        *,
        quote_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        hint: FromQuery[bool] = False,
        chart: FromQuery[str | None] = None,
    ) -> Quote:
        """A new quote like this one at another `quantity` and/or `lead`, from the current card.

        `?hint=true` and `?chart=…` as for a new quote.
        """
        data = decode_strict(await request.body(), QuoteChange)
        return await quotes.requote(principal, quote_id, data, hint=hint, chart=chart)

    @get("/{quote_id:str}")
    async def read(
        self,
        quote_id: FromPath[str],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
    ) -> Quote:
        """A quote, as priced."""
        return await quotes.get(principal, quote_id)


class CompareController(Controller):
    """Every process and material for a part at several quantities."""

    path = "/api/v1/parts/{part_id:str}/compare"
    tags = ("quotes",)

    @get("/")
    async def compare(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        quantities: FromQuery[str] = "1,10,100",
        lead: FromQuery[LeadName] = "standard",
    ) -> JsonComparison:
        """The same object as `smallbatch quote --json`."""
        return await quotes.compare(principal, part_id, quantities, lead)

    @get("/chart.png", media_type="image/png")
    async def chart(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        quantities: FromQuery[str] = "1,10,100",
        lead: FromQuery[LeadName] = "standard",
    ) -> bytes:
        """Unit price against quantity per process, as PNG."""
        return await quotes.chart(principal, part_id, quantities, lead)


class CatalogController(Controller):
    """What the current rate card offers, for clients that show names instead of ids."""

    path = "/api/v1/catalog"
    tags = ("quotes",)

    @get("/")
    async def catalog(
        self, principal: NamedDependency[Principal], quotes: NamedDependency[QuoteService]
    ) -> Catalog:
        """Process and material ids with their names (any signed-in caller)."""
        del principal  # asked for so that anonymous callers are refused
        return quotes.catalog()
