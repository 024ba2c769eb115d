"""Printable documents: a quote, an order's confirmation, an invoice, a certificate (PDF, en/ru)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from backend.auth.schemas import Principal
from backend.console.web import Console
from backend.deps import Services
from backend.documents.certificates import CertificateService, certificates
from backend.documents.job_travellers import TravellerService, job_travellers
from backend.documents.model import Language
from backend.documents.orders import OrderDocumentService, order_documents
from backend.documents.service import DocumentService
from backend.openapi import BEARER, ONE, errors
from backend.schedule.controllers import JobId


def provide_documents(state: State) -> DocumentService:
    """The document service over the app's quote, part and rate-card services."""
    services: Services = state.services
    return DocumentService(services.quotes, services.parts, services.cards)


def provide_order_documents(state: State) -> OrderDocumentService:
    """Confirmations and invoices over the app's payment, quote, part and rate-card services."""
    services: Services = state.services
    return order_documents(services)


def provide_travellers(state: State) -> TravellerService:
    """Job travellers over the app's schedule, quote, part and rate-card services."""
    services: Services = state.services
    return job_travellers(services)


def provide_certificates(state: State) -> CertificateService:
    """Certificates of conformance over the app's services and the console's QC records."""
    console: Console = state.console
    return certificates(console)


#: `?lang=`: the language the document is written in.
DocumentLanguage = Annotated[
    Language, QueryParameter(description="The document's language: English or Russian.")
]
DEPENDENCIES = {
    "documents": Provide(provide_documents, sync_to_thread=False),
    "order_documents": Provide(provide_order_documents, sync_to_thread=False),
    "travellers": Provide(provide_travellers, sync_to_thread=False),
    "certificates": Provide(provide_certificates, sync_to_thread=False),
}
PDF_ERRORS = errors(*ONE, 409)


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


class OrderDocumentController(Controller):
    """An order's confirmation, its invoices and its certificate of conformance."""

    path = "/api/v1"
    tags = ("payments",)
    security = BEARER
    dependencies = DEPENDENCIES

    @get(
        "/orders/{order_id:str}/confirmation.pdf",
        media_type="application/pdf",
        responses=PDF_ERRORS,
    )
    async def confirmation_pdf(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        order_documents: NamedDependency[OrderDocumentService],
        lang: DocumentLanguage = "en",
    ) -> bytes:
        """The order confirmation: buyer, ship-to, every line with shipping, tax, paid, due."""
        return await order_documents.confirmation_pdf(principal, order_id, lang)

    @get("/invoices/{number:int}/document.pdf", media_type="application/pdf", responses=PDF_ERRORS)
    async def invoice_pdf(
        self,
        number: FromPath[int],
        principal: NamedDependency[Principal],
        order_documents: NamedDependency[OrderDocumentService],
        lang: DocumentLanguage = "en",
    ) -> bytes:
        """A numbered invoice with the shop's bank details (and an EPC QR code for transfers)."""
        return await order_documents.invoice_pdf(principal, number, lang)

    @get(
        "/orders/{order_id:str}/certificate.pdf",
        media_type="application/pdf",
        responses=PDF_ERRORS,
    )
    async def certificate_pdf(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        certificates: NamedDependency[CertificateService],
        lang: DocumentLanguage = "en",
    ) -> bytes:
        """The certificate of conformance of a shipped (or delivered) order (A4).

        The order, part and revision, process, material and the lots used, specifications,
        quantities, each characteristic inspected (nominal, limits, sample, measured, result),
        the lot's verdict, inspector and date, carrier and tracking, and a QR code with the
        order's number. A customer gets only their own orders' (404 for any other).

        `not_shipped` (409) before the order ships; `not_inspected` (409) when it has no
        passing QC check on record.
        """
        return await certificates.certificate_pdf(principal, order_id, lang)


class TravellerController(Controller):
    """The traveller that goes with the parts of one scheduled job (staff only)."""

    path = "/api/v1/orders/{order_id:str}/jobs"
    tags = ("schedule",)
    security = BEARER
    dependencies = DEPENDENCIES

    @get("/{job_id:str}/traveller.pdf", media_type="application/pdf", responses=PDF_ERRORS)
    async def traveller_pdf(
        self,
        order_id: FromPath[str],
        job_id: JobId,
        principal: NamedDependency[Principal],
        travellers: NamedDependency[TravellerService],
        lang: DocumentLanguage = "en",
    ) -> bytes:
        """The job's traveller (A4), for the floor: what to make, where, when, with what lot.

        The order number and QR code, the job, machine and times, the part, specifications,
        QC plan, the material lot recorded and the sign-off boxes.

        `unknown_job` (404) when the order has no such job; `machine_gone` (409) when its
        machine left the rate card (the job is placed again within a minute).
        """
        return await travellers.traveller_pdf(principal, order_id, job_id, lang)
