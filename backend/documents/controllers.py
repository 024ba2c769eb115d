"""`GET /api/v1/quotes/{quote_id}/document.pdf`: the quote as a printable document."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from backend.auth.schemas import Principal
from backend.deps import Services
from backend.documents.model import Language
from backend.documents.service import DocumentService
from backend.openapi import BEARER, ONE, errors


def provide_documents(state: State) -> DocumentService:
    """The document service over the app's quote, part and rate-card services."""
    services: Services = state.services
    return DocumentService(services.quotes, services.parts, services.cards)


#: `?lang=`: the language the document is written in.
DocumentLanguage = Annotated[
    Language, QueryParameter(description="The document's language: English or Russian.")
]
DEPENDENCIES = {"documents": Provide(provide_documents, sync_to_thread=False)}


class DocumentController(Controller):
    """Documents of a quote."""

    path = "/api/v1/quotes"
    tags = ("quotes",)
    security = BEARER
    dependencies = DEPENDENCIES

    @get(
        "/{quote_id:str}/document.pdf",
        media_type="application/pdf",
        responses=errors(*ONE, 409),
    )
    async def quote_pdf(
        self,
        quote_id: FromPath[str],
        principal: NamedDependency[Principal],
        documents: NamedDependency[DocumentService],
        lang: DocumentLanguage = "en",
    ) -> bytes:
        """The quote as a printable PDF document (A4), in English or Russian.

        The shop, the part with its picture, every price line, tax and total, lead time,
        specifications, terms and a QR code with the quote's number. `?lang=ru` writes it
        in Russian. A customer sees only their own quotes.
        """
        return await documents.quote_pdf(principal, quote_id, lang)
