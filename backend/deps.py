"""The services one app holds, and how handlers receive them by parameter name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import HeaderParameter

from backend.auth.schemas import Principal
from backend.auth.service import Authenticator
from backend.claims.service import ClaimService
from backend.customers.service import CustomerService
from backend.drawings.service import DrawingService
from backend.events.service import EventService
from backend.first_articles.service import FirstArticleService
from backend.leases.service import LeaseService
from backend.machines.service import MachineService
from backend.orders.service import OrderService
from backend.parts.service import PartService
from backend.payments.service import PaymentService
from backend.photos.service import PhotoService
from backend.quality.service import QualityService
from backend.quotes.service import QuoteService
from backend.ratecards.service import RateCardService
from backend.reorders.service import ReorderService
from backend.reviews.service import ReviewService
from backend.revisions.service import RevisionService
from backend.schedule.service import ScheduleService
from backend.system.service import SystemService
from backend.uploads.service import UploadLinkService


@dataclass
class Services:
    """Everything long-lived that handlers use; built at start-up by `create_app`."""

    auth: Authenticator
    parts: PartService
    cards: RateCardService
    quotes: QuoteService
    orders: OrderService
    events: EventService
    system: SystemService
    uploads: UploadLinkService
    revisions: RevisionService
    reorders: ReorderService
    drawings: DrawingService
    reviews: ReviewService
    customers: CustomerService
    payments: PaymentService
    leases: LeaseService
    machines: MachineService
    schedule: ScheduleService
    quality: QualityService
    claims: ClaimService
    photos: PhotoService
    first_articles: FirstArticleService


def _services(state: State) -> Services:
    services: Services = state.services
    return services


#: A Telegram user id, as the bot names the customer (or staff member) it acts for.
TELEGRAM_ID = r"^[1-9][0-9]{0,19}$"
TelegramUser = Annotated[
    str | None,
    HeaderParameter(
        name="X-Telegram-User-Id",
        pattern=TELEGRAM_ID,
        description="With the bot's key: the customer the bot acts for.",
    ),
]
TelegramStaff = Annotated[
    str | None,
    HeaderParameter(
        name="X-Telegram-Staff-Id",
        pattern=TELEGRAM_ID,
        description="With the bot's key: the staff member (on the staff list) it acts for.",
    ),
]


async def provide_principal(
    request: Request[Any, Any, Any],
    state: State,
    telegram_user: TelegramUser = None,
    telegram_staff: TelegramStaff = None,
) -> Principal:
    """The authenticated caller; refuses the request when there is none.

    The two headers are declared so the API document lists them and their form is
    checked; the authenticator reads them with the credentials.
    """
    del telegram_user, telegram_staff
    return await _services(state).auth.authenticate(request.headers)


def provide_parts(state: State) -> PartService:
    """The parts service."""
    return _services(state).parts


def provide_quotes(state: State) -> QuoteService:
    """The quotes service."""
    return _services(state).quotes


def provide_orders(state: State) -> OrderService:
    """The orders service."""
    return _services(state).orders


def provide_events(state: State) -> EventService:
    """The event feed."""
    return _services(state).events


def provide_system(state: State) -> SystemService:
    """Health and readiness."""
    return _services(state).system


def provide_uploads(state: State) -> UploadLinkService:
    """One-time upload links."""
    return _services(state).uploads


def provide_revisions(state: State) -> RevisionService:
    """Part families and what changed between revisions."""
    return _services(state).revisions


def provide_reorders(state: State) -> ReorderService:
    """Re-orders."""
    return _services(state).reorders


def provide_drawings(state: State) -> DrawingService:
    """Drawings attached to parts."""
    return _services(state).drawings


def provide_reviews(state: State) -> ReviewService:
    """The reviews service."""
    return _services(state).reviews


def provide_customers(state: State) -> CustomerService:
    """Customer profiles and account terms."""
    return _services(state).customers


def provide_payments(state: State) -> PaymentService:
    """Chat invoices, payments, refunds and invoices."""
    return _services(state).payments


def provide_leases(state: State) -> LeaseService:
    """Named leases (one replica at a time)."""
    return _services(state).leases


def provide_claims(state: State) -> ClaimService:
    """Claims after delivery."""
    return _services(state).claims


def provide_machines(state: State) -> MachineService:
    """The shop floor's machines and their downtime."""
    return _services(state).machines


def provide_schedule(state: State) -> ScheduleService:
    """The stored production schedule."""
    return _services(state).schedule


def provide_quality(state: State) -> QualityService:
    """QC by plan: inspections and their values."""
    return _services(state).quality


def provide_photos(state: State) -> PhotoService:
    """Orders' evidence photos."""
    return _services(state).photos


def provide_first_articles(state: State) -> FirstArticleService:
    """First-article build-and-hold."""
    return _services(state).first_articles


DEPENDENCIES = {
    "principal": Provide(provide_principal),
    "parts": Provide(provide_parts, sync_to_thread=False),
    "quotes": Provide(provide_quotes, sync_to_thread=False),
    "orders": Provide(provide_orders, sync_to_thread=False),
    "payments": Provide(provide_payments, sync_to_thread=False),
    "events": Provide(provide_events, sync_to_thread=False),
    "system": Provide(provide_system, sync_to_thread=False),
    "uploads": Provide(provide_uploads, sync_to_thread=False),
    "revisions": Provide(provide_revisions, sync_to_thread=False),
    "reorders": Provide(provide_reorders, sync_to_thread=False),
    "drawings": Provide(provide_drawings, sync_to_thread=False),
    "reviews": Provide(provide_reviews, sync_to_thread=False),
    "customers": Provide(provide_customers, sync_to_thread=False),
    "leases": Provide(provide_leases, sync_to_thread=False),
    "machines": Provide(provide_machines, sync_to_thread=False),
    "claims": Provide(provide_claims, sync_to_thread=False),
    "schedule": Provide(provide_schedule, sync_to_thread=False),
    "quality": Provide(provide_quality, sync_to_thread=False),
    "photos": Provide(provide_photos, sync_to_thread=False),
    "first_articles": Provide(provide_first_articles, sync_to_thread=False),
}
