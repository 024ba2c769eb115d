"""The review queue: quotes and parts waiting for a person, decided here or in the chat.

Both call `ReviewService`, the same path as the API's `/reviews/{id}/approve` and
`/price`; the navigation shows how many wait (`/console/reviews/count`, loaded by htmx).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.naming import customer_labels
from backend.console.web import Console, decode_form, form_fields, page
from backend.errors import DomainError, status_of
from backend.reviews.schemas import Review, ReviewApproval, ReviewPrice


class ReviewsPageController(Controller):
    """`/console/reviews`, its count and its decisions."""

    path = "/console/reviews"
    include_in_schema = False

    @get("/")
    async def queue(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """Open reviews, the longest waiting first, then those decided."""
        return await _queue(request, console, staff)

    @get("/count")
    async def count(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """How many reviews wait, for the navigation."""
        waiting = await console.api.reviews.open_count(staff)
        return page(request, "reviews_count.html", waiting=waiting)

    @post("/{review_id:str}/approve", status_code=303)
    async def approve(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        review_id: FromPath[str],
    ) -> Redirect | Template:
        """Keep the instant price."""
        fields = await form_fields(request)

        async def act() -> Review:
            approval = decode_form(fields, ReviewApproval)
            return await console.api.reviews.approve(staff, review_id, approval)

        return await _respond(request, console, staff, act)

    @post("/{review_id:str}/price", status_code=303)
    async def set_price(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        review_id: FromPath[str],
    ) -> Redirect | Template:
        """Set the total before tax, the lead time and a note."""
        fields = await form_fields(request)

        async def act() -> Review:
            price = decode_form(fields, ReviewPrice)
            return await console.api.reviews.set_price(staff, review_id, price)

        return await _respond(request, console, staff, act)


async def _queue(
    request: HTMXRequest,
    console: Console,
    staff: Principal,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    reviews = console.api.reviews
    waiting = await reviews.list(staff, "open", 200)
    decided = [r for r in await reviews.list(staff, None, 200) if r.status != "open"]
    decided = decided[-20:]
    processes = [(pid, process) for pid, process in console.cards.active.offered()]
    names = await customer_labels(console.db, [r.customer for r in [*waiting, *decided]])
    return page(
        request, "reviews.html", status_code=status_code, user=staff, nav="reviews",
        waiting=waiting, decided=decided, processes=processes, error=error, names=names,
    )  # fmt: skip


async def _respond(
    request: HTMXRequest,
    console: Console,
    staff: Principal,
    act: Callable[[], Awaitable[Review]],
) -> Redirect | Template:
    """Run the decision; back to the queue, or the queue with the error."""
    try:
        await act()
    except DomainError as exc:
        return await _queue(request, console, staff, error=exc.message, status_code=status_of(exc))
    return Redirect(path="/console/reviews", status_code=303)
