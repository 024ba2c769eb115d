"""`/api/v1/quotes`, a part's comparison across every process, and the catalog's names."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.schemas import Principal
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, errors
from backend.quotes.schemas import (
    Catalog,
    ChartQuantities,
    Quantities,
    Quote,
    QuoteChange,
    QuoteCreate,
    ShippingOptions,
)
from backend.quotes.service import QuoteService
from pricing import JsonComparison
from pricing.catalog import LeadName
from pricing.shipping import COUNTRY_QUERY
from vocabulary import Language


class QuoteController(Controller):
    """Quotes a customer asked for."""

    path = "/api/v1/quotes"
    tags = ("quotes",)
    security = BEARER

    @post("/", responses=errors(*ONE, 409, TOO_LARGE, 422))
    async def create(
        self,
        *,
        data: JSONBody[QuoteCreate],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        hint: FromQuery[bool] = False,
        chart: ChartQuantities = None,
        language: FromQuery[Language] = "en",
    ) -> Quote:
        """Price a measured part for one process, material and quantity.

        `?hint=true` adds `cheaper`: another process cheaper near this quantity, or null.
        `?chart=1,10,100` adds `chart_png` (base64): the part's price chart at those
        quantities and the quote's lead tier, the quote's process drawn bold, its words
        in `language`.
        """
        return await quotes.create(principal, data, hint=hint, chart=chart, language=language)

    @post("/{quote_id:str}/requote", responses=errors(*ONE, 409, TOO_LARGE, 422))
    async def requote(
        self,
        *,
        quote_id: FromPath[str],
        data: JSONBody[QuoteChange],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        hint: FromQuery[bool] = False,
        chart: ChartQuantities = None,
        language: FromQuery[Language] = "en",
    ) -> Quote:
        """A new quote like this one at another `quantity` and/or `lead`, from the current card.

        `?hint=true`, `?chart=…` and `?language=` as for a new quote.
        """
        return await quotes.requote(
            principal, quote_id, data, hint=hint, chart=chart, language=language
        )

    @get("/{quote_id:str}", responses=errors(*ONE))
    async def read(
        self,
        quote_id: FromPath[str],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
    ) -> Quote:
        """A quote, as priced."""
        return await quotes.get(principal, quote_id)

    @get("/{quote_id:str}/shipping", responses=errors(*ONE, 409, 422))
    async def shipping(
        self,
        quote_id: FromPath[str],
        country: Annotated[str, QueryParameter(pattern=COUNTRY_QUERY)],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
    ) -> ShippingOptions:
        """The ways to send the quote's parts to `country` (ISO 3166 alpha-2), cheapest first.

        Prices before and with tax at the card's rate; `delivery_date` is the quote's ship
        date plus the method's working days. 422 `country_not_shipped` for a country the
        shop does not ship to.
        """
        return await quotes.shipping(principal, quote_id, country)


class CompareController(Controller):
    """Every process and material for a part at several quantities."""

    path = "/api/v1/parts/{part_id:str}/compare"
    tags = ("quotes",)
    security = BEARER

    @get("/", responses=errors(*ONE, 409))
    async def compare(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        quantities: Quantities = "1,10,100",
        lead: FromQuery[LeadName] = "standard",
    ) -> JsonComparison:
        """The same object as `smallbatch quote --json`."""
        return await quotes.compare(principal, part_id, quantities, lead)

    @get("/chart.png", media_type="image/png", responses=errors(*ONE, 409))
    async def chart(
        self,
        *,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        quotes: NamedDependency[QuoteService],
        quantities: Quantities = "1,10,100",
        lead: FromQuery[LeadName] = "standard",
        language: FromQuery[Language] = "en",
    ) -> bytes:
        """Unit price against quantity per process, as PNG, its words in `language`."""
        return await quotes.chart(principal, part_id, quantities, lead, language)


class CatalogController(Controller):
    """What the current rate card offers, for clients that show names instead of ids."""

    path = "/api/v1/catalog"
    tags = ("quotes",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def catalog(
        self, principal: NamedDependency[Principal], quotes: NamedDependency[QuoteService]
    ) -> Catalog:
        """Process and material ids with their names (any signed-in caller)."""
        del principal  # asked for so that anonymous callers are refused
        return quotes.catalog()
