"""Building the backend's services at start and closing them at stop (the app's lifespan).

Every long-lived object is made here, in dependency order, from the settings: the database,
the file store, the analysis workers, the active rate card, the API's services and the
console's. Handlers receive them by parameter name (`backend.deps`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import structlog
from litestar import Litestar

from backend.auth.service import Authenticator
from backend.claims.service import ClaimService
from backend.console.web import build_console
from backend.customers.service import CustomerService
from backend.db import Database
from backend.deps import Services
from backend.drawings.service import DrawingService
from backend.events.service import EventService
from backend.first_articles.service import FirstArticleService
from backend.jobs.enqueue import QueuedAnalyzer, build_analyzer
from backend.jobs.settings import queue_settings
from backend.jobs.sweep import sweep_jobs
from backend.leases.service import LeaseService, ReplicaLease, replica_name
from backend.machines.service import MachineService
from backend.orders.service import OrderService
from backend.parts.analysis import Analyses, AnalyzeFn, analyze_in_worker
from backend.parts.service import PartService
from backend.parts.storage import FileStore
from backend.payments.planner import CheckoutPlanner
from backend.payments.service import PaymentService
from backend.periodic import Periodic
from backend.photos.service import PhotoService
from backend.quality.service import QualityService
from backend.quotes.charts import ChartCache, chart_folder
from backend.quotes.service import QuoteService
from backend.quotes.shipping import shipping_for_quote
from backend.ratecards.service import RateCardService
from backend.reorders.service import ReorderService
from backend.reviews.service import ReviewService
from backend.revisions.service import RevisionService
from backend.schedule.service import ScheduleService
from backend.settings import Settings, ensure_data_dir, resolve_bot_key
from backend.stopping import Stopping
from backend.storage.choose import open_store
from backend.stores import database_for
from backend.structs import Clock
from backend.system.service import SystemService
from backend.uploads.service import UploadLinkService
from pricing import RateCard
from sandbox import warm_up

log = structlog.get_logger("smallbatch.app")

#: How often the periodic jobs (overdue reviews, unpaid reservations) look for work.
EVERY_MINUTE = 60.0
#: Uploads abandoned this long ago in tmp/ are swept at start (others may be in flight).
STALE_UPLOAD_SECONDS = 3600


class Wiring:
    """What the backend is built from; `lifespan` opens it all and closes it again."""

    def __init__(
        self, settings: Settings, clock: Clock, start_card: RateCard, stopping: Stopping
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.start_card = start_card
        self.stopping = stopping
        #: How a file is measured here (without a broker): a sandboxed worker process.
        self.analyze: AnalyzeFn = analyze_in_worker

    @asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        """Open storage and workers, build the services into `app.state`, close them at stop."""
        settings = self.settings
        ensure_data_dir(settings)
        db = database_for(settings)
        await db.open()
        store = await asyncio.to_thread(open_store, settings)  # S3 or local; checked
        await asyncio.to_thread(_sweep_stale_uploads, store)
        # The first upload shouldn't pay for the engine's load; staff see what holds around it.
        sandbox = await asyncio.to_thread(warm_up)
        # With SMALLBATCH_BROKER_URL set, analyses are queued for `smallbatch worker`s.
        queue = queue_settings()
        analyzer = build_analyzer(db, store, settings, queue, self.analyze)
        try:
            services = await self._services(db, store, analyzer)
            # Only once the active card is known: replicas share the bucket, and the
            # active card's charts are the ones they just drew (other versions are stale).
            await asyncio.to_thread(store.drop_charts, chart_folder(services.cards.active.version))
            app.state.services = services
            app.state.console = build_console(db, services, settings, self.clock, store)
            app.state.periodic = [
                *_periodic_jobs(services),
                # With a broker: jobs lost on the way are sent again, never left pending.
                *sweep_jobs(analyzer, db, settings.limits, queue),
            ]
            for job in app.state.periodic:
                job.start()
            resumed = await analyzer.resume()
            log.info(
                "started", data_dir=str(settings.data_path.resolve()),
                rate_card=services.cards.active.version, resumed_analyses=resumed,
                worker_sandbox=sandbox.summary(), worker_sandbox_missing=sandbox.missing(),
            )  # fmt: skip
            yield
        finally:
            for job in getattr(app.state, "periodic", []):
                await job.stop()
            await analyzer.close()
            await db.close()
            log.info("stopped")

    async def _services(self, db: Database, store: FileStore, analyzer: Analyses) -> Services:
        """The API's services over one database, file store and analyzer."""
        settings, clock = self.settings, self.clock
        bot_key, key_file = resolve_bot_key(settings)
        if key_file is not None:
            log.info("bot_key_file", path=str(key_file.resolve()))
        cards = RateCardService(db, clock, self.start_card, settings.rate_card)
        await cards.load()  # a card saved in the console (the newest) wins over the start card
        events = EventService(
            db, max_wait=settings.events_max_wait, poll_seconds=settings.events_poll_seconds,
            stopping=self.stopping,
        )  # fmt: skip
        parts = PartService(
            db, store, analyzer, clock,
            max_upload_bytes=settings.max_upload_bytes,
            uploads_per_hour=settings.uploads_per_hour,
            max_uploads_at_once=settings.max_uploads_at_once,
        )  # fmt: skip
        drawings = DrawingService(
            db, store, clock,
            uploads_per_hour=settings.uploads_per_hour, workers=settings.analysis_workers,
        )  # fmt: skip
        planner = CheckoutPlanner(
            cards, shipping_for_quote, payments_on=bool(settings.payment_provider_token)
        )
        orders = OrderService(db, events, clock, planner)
        schedule = ScheduleService(db, cards, clock, orders)
        orders.on_place(schedule.alongside_place)  # an accepted order reserves its slot
        orders.on_move(schedule.alongside_move)  # rework places it again, the end frees it
        ttl = timedelta(days=settings.quote_ttl_days)
        quotes = QuoteService(
            db, parts, cards, clock, ttl,
            charts=ChartCache(store), has_drawing=drawings.has_drawing,
            dates=schedule.date_quote,
        )  # fmt: skip
        payments = PaymentService(db, orders, cards, clock, shipping_for_quote)
        orders.on_move(payments.alongside_move)  # the balance at packing, terms at shipping
        quality = QualityService(db, orders, parts, quotes, cards=cards, clock=clock)
        orders.on_move(quality.alongside_move)  # leaving QC by any path closes its inspection
        first_articles = FirstArticleService(db, orders, clock)
        orders.on_move(first_articles.alongside_move)  # no QC before the first article's approval
        return Services(
            auth=Authenticator(db, bot_key, settings.staff_telegram_id_set),
            parts=parts,
            cards=cards,
            quotes=quotes,
            orders=orders,
            events=events,
            system=SystemService(
                db, settings.data_path, settings.min_free_mb, cards,
                broker_up=analyzer.broker_up if isinstance(analyzer, QueuedAnalyzer) else None,
                blobs=store.blobs,
            ),
            uploads=UploadLinkService(
                db, parts, events, clock,
                base_url=settings.base_url,
                ttl=timedelta(minutes=settings.upload_link_minutes),
                drawings=drawings,
            ),
            revisions=RevisionService(db, parts),
            reorders=ReorderService(orders, quotes),
            drawings=drawings,
            reviews=ReviewService(db, parts, cards, events, clock=clock, ttl=ttl),
            customers=CustomerService(db, cards, clock),
            payments=payments,
            leases=LeaseService(db, clock),
            machines=MachineService(db, cards, clock, schedule.machine_changed),
            schedule=schedule,
            quality=quality,
            claims=ClaimService(db, orders, cards, clock),
            photos=PhotoService(db, store, clock),
            first_articles=first_articles,
        )  # fmt: skip


def _periodic_jobs(services: Services) -> list[Periodic]:
    """The periodic jobs, each under its lease so that one backend replica runs it."""
    replica = replica_name()
    jobs = {
        # An answer time is hours, a reservation days: a minute is prompt for both.
        "review-reminders": services.reviews.remind_overdue,
        "unpaid-orders": services.payments.release_unpaid,
        # At start and then every minute: jobs running late push the rest of their order.
        "schedule-replan": services.schedule.replan,
    }
    # A lease two turns long: a holder that misses one renewal keeps its job.
    return [
        Periodic(
            name,
            job,
            EVERY_MINUTE,
            lease=ReplicaLease(services.leases, f"periodic:{name}", replica, 2 * EVERY_MINUTE),
        )
        for name, job in jobs.items()
    ]


def _sweep_stale_uploads(store: FileStore) -> None:
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for leftover in store.tmp.iterdir():
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except FileNotFoundError:
            pass
