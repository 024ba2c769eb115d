"""The notifier: long-polls the backend's event feed and tells customers (and staff).

The backend delivers events at least once; the bot shows each exactly once by handling
them strictly in cursor order and keeping "delivered up to cursor N" durably in the
backend (`PUT /api/v1/events/cursor`), so a restarted bot, or a second copy started
after it, resumes where the first stopped. In memory it never goes below the cursor it
reached, so a cursor save that failed (backend down) cannot cause a repeat in this
process either. The one window left is a crash between a send and its save: then that
one event is shown again (at-least-once across a crash is the best any sender to
Telegram can do, since a Telegram send cannot join a database transaction).

With several bot replicas, only the holder of the `bot-notifier` lease reads the feed,
so a customer gets each message once: the others wait for the lease, and whoever takes
it over starts from the cursor saved in the backend (never below its own).
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError

from bot.api import BackendClient, BackendError, BackendUnavailable, Event
from bot.card_follower import follow_card, post_card
from bot.certificates import send_certificate
from bot.claim_events import CLAIM_EVENTS, show_claim_event
from bot.config import BotConfig
from bot.first_article_events import FIRST_ARTICLE_EVENTS, show_first_article_event
from bot.handlers.parts import follow_part
from bot.handlers.review import show_review_event
from bot.handlers.staff import staff_translator
from bot.i18n import Translator
from bot.keyboards import rating_keyboard
from bot.lease import Lease
from bot.middlewares import People
from bot.payment_events import PAYMENT_EVENTS, show_payment_event
from bot.photo_album import photos_keyboard
from bot.render import esc, shipment

log = structlog.get_logger("smallbatch.bot.notifier")

#: Events whose customer message is one sentence from the texts, keyed by kind.
SIMPLE = {"approved", "cancelled", "in_production"}
#: Why a slip happened, as the backend names it (backend/schedule/service.py `SlipReason`).
SLIP_REASONS = frozenset({"machine_down", "rework", "late", "capacity", "moved", "first_article"})
BACKOFF_START = 0.5
BACKOFF_MAX = 30.0


class Notifier:
    """A background task: feed → chat messages, resumable and crash-safe."""

    def __init__(
        self,
        bot: Bot,
        api: BackendClient,
        config: BotConfig,
        people: People,
        lease: Lease | None = None,
    ) -> None:
        self._bot = bot
        self._lease = lease
        self._api = api
        self._config = config
        self._people = people
        self._task: asyncio.Task[None] | None = None
        self._side_tasks: set[asyncio.Task[None]] = set()
        self.cursor = -1  # unknown until read from the backend
        self.delivered = asyncio.Event()  # set after each event, for tests and health

    def start(self) -> None:
        """Run in the background until `stop()`."""
        self._task = asyncio.create_task(self._run(), name="smallbatch-notifier")

    async def stop(self) -> None:
        """Stop polling (an event being delivered is finished or left for the next start)."""
        for task in [self._task, *self._side_tasks]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _run(self) -> None:
        backoff = BACKOFF_START
        while True:
            try:
                if self._lease is not None and not self._lease.held:
                    await self._lease.wait_held()
                    # Another replica may have delivered more while this one waited.
                    self.cursor = max(self.cursor, await self._api.feed_cursor())
                if self.cursor < 0:
                    self.cursor = await self._api.feed_cursor()
                page = await self._api.events(self.cursor, self._config.events_wait)
                for event in page.events:
                    if self._lease is not None and not self._lease.held:
                        break  # another replica delivers the rest
                    if event.cursor <= self.cursor:
                        continue  # seen already: the feed may repeat itself
                    await self._deliver(event)
                    self.cursor = event.cursor
                    self.delivered.set()
                    self.delivered = asyncio.Event()
                    await self._save()
                backoff = BACKOFF_START
            except asyncio.CancelledError:
                raise
            except BackendUnavailable as error:
                log.info("backend_unavailable", error=error.message, retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
            except Exception:  # a bug must not stop every later notification
                log.exception("notifier_error", cursor=self.cursor)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)

    async def _save(self) -> None:
        # Unsaved now: saved with the next event; in memory the cursor already moved on.
        with contextlib.suppress(BackendUnavailable):
            await self._api.save_feed_cursor(self.cursor)

    async def _deliver(self, event: Event) -> None:
        """Show one event; a customer who blocked the bot is skipped, not retried forever."""
        try:
            await self._show(event)
        except TelegramForbiddenError:
            log.info("customer_unreachable", customer=event.customer, cursor=event.cursor)
        except TelegramAPIError as error:
            log.warning("event_not_shown", cursor=event.cursor, error=str(error))
        except BackendError as error:
            if isinstance(error, BackendUnavailable):
                raise  # retried from this event once the backend is back
            log.warning("event_not_shown", cursor=event.cursor, error=error.message)

    async def _show(self, event: Event) -> None:
        user = int(event.customer)
        await self._people.recall(user)  # they may have written to another replica
        tr = self._people.translator(user)
        if event.kind == "part_uploaded" and event.part_id:
            part = await self._api.part(user, event.part_id)
            status = await self._bot.send_message(user, tr("analysing", name=esc(part.filename)))
            # Measuring takes seconds: follow it aside, so other customers hear at once.
            task = asyncio.create_task(
                follow_part(
                    self._bot,
                    self._api,
                    config=self._config,
                    tr=tr,
                    status=status,
                    user=user,
                    part=part,
                )
            )
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)
            return
        if event.kind == "drawing_attached" and event.part_id:
            part = await self._api.part(user, event.part_id)
            await self._bot.send_message(user, tr("drawing_attached", part=esc(part.filename)))
        if event.review_id is not None:
            await show_review_event(self._bot, self._api, self._config, self._people, event)
            return
        if event.order_id is not None:
            await self._follow_card(event)
            await self._show_order_event(event, user, tr)

    async def _follow_card(self, event: Event) -> None:
        """The staff group's card shows the order's change (apart from the customer's message)."""
        if event.kind == "placed":
            return  # the card is posted with the order (`_show_order_event`)
        try:
            await follow_card(self._bot, self._api, self._people, event, config=self._config)
        except TelegramAPIError as error:  # the customer still hears of the change
            log.warning("staff_card_not_followed", cursor=event.cursor, error=str(error))

    async def _show_order_event(self, event: Event, user: int, tr: Translator) -> None:
        """An event about one of the customer's orders."""
        assert event.order_id is not None
        order = await self._api.order(event.order_id, user=user)
        number = order.number
        if event.kind == "placed":
            await post_card(self._bot, self._api, self._people, order, config=self._config)
            return  # the customer saw the number when they accepted
        if event.kind in SIMPLE:
            await self._bot.send_message(user, tr(f"event_{event.kind}", number=number))
        elif event.kind in ("rejected", "reworked"):
            note = esc(event.note or "—")
            await self._bot.send_message(user, tr(f"event_{event.kind}", number=number, note=note))
        elif event.kind == "shipped":
            carriers = (await self._api.catalog()).carriers
            carrier, tracking = shipment(
                tr, carriers, event.carrier or "", event.tracking_number or ""
            )
            await self._bot.send_message(
                user,
                tr("event_shipped", number=number, carrier=carrier, tracking=tracking),
                # The QC and packing photos taken before it left, when there are any.
                reply_markup=await photos_keyboard(self._api, tr, order, user),
            )
            await send_certificate(
                self._bot, self._api, tr, user=user, order_id=order.id, number=number
            )
        elif event.kind in PAYMENT_EVENTS:
            await show_payment_event(
                self._bot, self._api, self._config, tr, event=event, order=order
            )
        elif event.kind == "slipped":
            await self._show_slip(event, user, number)
        elif event.kind == "delivered":
            await self._bot.send_message(
                user,
                tr("event_delivered", number=number),
                reply_markup=rating_keyboard(
                    order.id, reorder=tr("reorder_button"), claim=tr("claim_button")
                ),
            )
        elif event.kind in CLAIM_EVENTS | FIRST_ARTICLE_EVENTS:
            show = show_claim_event if event.kind in CLAIM_EVENTS else show_first_article_event
            await show(self._bot, self._api, self._people, self._config, event=event, order=order)
        else:
            log.info("event_kind_ignored", kind=event.kind, cursor=event.cursor)

    async def _show_slip(self, event: Event, user: int, number: int) -> None:
        """The new ship date and why, to the customer and to the staff group."""
        chats = [(user, self._people.translator(user), "event_slipped")]
        if self._config.staff_chat_id is not None:
            chats.append(
                (self._config.staff_chat_id, staff_translator(self._config), "staff_slipped")
            )
        for chat, tr, key in chats:
            reason = tr(f"slip_{event.reason}") if event.reason in SLIP_REASONS else "—"
            text = tr(key, number=number, ship_date=esc(event.ship_date or "—"), reason=reason)
            await self._bot.send_message(chat, text)
