"""The order board: a column per status, filters and search."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from backend.auth.schemas import Principal
from backend.console.views import BoardFilter
from backend.console.web import Console, decode_form, page


class BoardController(Controller):
    """`/console/board`; the filter form swaps just the columns through htmx."""

    path = "/console/board"
    include_in_schema = False

    @get("/")
    async def board(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """The board, filtered by the query string (`q`, `process`, `overdue`)."""
        wanted = decode_form(dict(request.query_params), BoardFilter)
        columns, processes = await console.views.board(wanted)
        # An htmx filter request replaces only the columns; a page load gets the page.
        name = "board_columns.html" if request.htmx else "board.html"
        return page(
            request, name, user=staff, nav="board", columns=columns, processes=processes,
            wanted=wanted, total=sum(len(c.cards) for c in columns),
        )  # fmt: skip
