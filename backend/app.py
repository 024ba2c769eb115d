"""`create_app(settings)`: the Litestar application, with everything it needs built at start.

No module-level app: `smallbatch serve` and every test build their own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import structlog
from litestar import Litestar
from litestar.openapi import OpenAPIConfig

from backend.auth.controllers import MeController
from backend.auth.service import Authenticator
from backend.console.ratecards import newest_card
from backend.console.setup import console_config
from backend.console.web import build_console
from backend.db import Database
from backend.deps import DEPENDENCIES, Services
from backend.errors import EXCEPTION_HANDLERS
from backend.events.controllers import EventController
from backend.events.service import EventService
from backend.logs import RequestLogMiddleware, configure_logging
from backend.orders.controllers import AcceptController, OrderController
from backend.orders.service import OrderService
from backend.parts.analysis import AnalyzeFn, Analyzer, analyze_in_worker
from backend.parts.controllers import PartController
from backend.parts.service import PartService
from backend.parts.storage import FileStore
from backend.quotes.controllers import CatalogController, CompareController, QuoteController
from backend.quotes.service import QuoteService
from backend.settings import Settings, ensure_data_dir, resolve_bot_key
from backend.structs import Clock
from backend.system.controllers import SystemController
from backend.system.service import SystemService
from backend.uploads.controllers import UploadLinkController, UploadPageController
from backend.uploads.service import UploadLinkService
from pricing import load_rate_card
from sandbox import warm_up

log = structlog.get_logger("smallbatch.app")

#: JSON bodies are small; uploads stream through their own limit.
MAX_JSON_BODY = 1_000_000
#: Uploads abandoned this long ago in tmp/ are swept at start (others may be in flight).
STALE_UPLOAD_SECONDS = 3600

ROUTES = [
    SystemController,
    MeController,
    PartController,
    CompareController,
    CatalogController,
    QuoteController,
    AcceptController,
    OrderController,
    EventController,
    UploadLinkController,
    UploadPageController,
]


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    analyze: AnalyzeFn = analyze_in_worker,
) -> Litestar:
    """The backend application for `settings`.

    Args:
        settings: configuration (see `backend.settings`).
        clock: the time source; tests pass one they can move.
        analyze: how files are measured; the default runs the geometry worker processes.

    The rate card is read here, so a wrong card fails before the server listens.
    """
    configure_logging(settings.log_level)
    card = load_rate_card(settings.rate_card)
    console = console_config(settings)
    clock = clock or Clock()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        ensure_data_dir(settings)
        bot_key, key_file = resolve_bot_key(settings)
        if key_file is not None:
            log.info("bot_key_file", path=str(key_file.resolve()))
        db = Database(settings.database_path, busy_timeout_ms=settings.busy_timeout_ms)
        await db.open()
        store = FileStore(settings.data_path)
        await asyncio.to_thread(_sweep_stale_uploads, store)
        if analyze is analyze_in_worker:
            await asyncio.to_thread(warm_up)  # the first upload shouldn't pay for it
        analyzer = Analyzer(db, store, settings.limits, settings.analysis_workers, analyze)
        events = EventService(
            db, max_wait=settings.events_max_wait, poll_seconds=settings.events_poll_seconds
        )
        parts = PartService(
            db, store, analyzer, clock,
            max_upload_bytes=settings.max_upload_bytes,
            uploads_per_hour=settings.uploads_per_hour,
        )  # fmt: skip
        # A rate card saved in the console (the newest) wins over the one read at start.
        priced_by = await newest_card(db, card)
        app.state.services = Services(
            auth=Authenticator(db, bot_key, settings.staff_telegram_id_set),
            parts=parts,
            quotes=QuoteService(
                db, parts, priced_by, clock, timedelta(days=settings.quote_ttl_days)
            ),
            orders=OrderService(db, events, clock),
            events=events,
            system=SystemService(db, settings.data_path, settings.min_free_mb, priced_by.version),
            uploads=UploadLinkService(
                db,
                parts,
                events,
                clock,
                base_url=settings.base_url,
                ttl=timedelta(minutes=settings.upload_link_minutes),
            ),
        )
        app.state.console = build_console(db, app.state.services, settings, clock)
        app.state.analyzer = analyzer
        resumed = await analyzer.resume()
        log.info(
            "started", data_dir=str(settings.data_path.resolve()), rate_card=priced_by.version,
            resumed_analyses=resumed,
        )  # fmt: skip
        try:
            yield
        finally:
            await analyzer.close()
            await db.close()
            log.info("stopped")

    return Litestar(
        route_handlers=[*ROUTES, *console.routers],
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        middleware=[RequestLogMiddleware],
        template_config=console.templates,
        plugins=console.plugins,
        openapi_config=OpenAPIConfig(title="smallbatch", version="1.0.0"),
        request_max_body_size=MAX_JSON_BODY,
        logging_config=None,
        debug=False,
    )


def _sweep_stale_uploads(store: FileStore) -> None:
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for leftover in store.tmp.iterdir():
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except FileNotFoundError:
            pass
