"""Every console page at 1280 × 800 and at 1920 × 1080 in real headless Chromium.

Staff keep the console open all day on whatever screen the bench has. Each page must load
without a browser error, and nothing may push the page wider than the window: a table or
the board that needs more room scrolls inside its own box, so the navigation and every
column's header stay reachable. A screenshot of each page at each size is kept.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080)}
PAGES = (
    "/console/board", "/console/quotes", "/console/reviews", "/console/customers",
    "/console/invoices", "/console/metrics", "/console/claims", "/console/machines",
    "/console/schedule", "/console/rate-card", "/console/staff",
)  # fmt: skip
CUSTOMER = "7007"


# The visible elements of <main> whose right edge is past the window and that no box
# scrolling sideways holds: clipped or pushing the page, either way out of reach.
OUT_OF_REACH = """() => {
  const width = window.innerWidth;
  const found = [];
  for (const element of document.querySelectorAll("main *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    let holder = element.parentElement;
    let scrolls = false;
    while (holder && holder !== document.body) {
      const overflow = getComputedStyle(holder).overflowX;
      const wide = holder.scrollWidth > holder.clientWidth;
      if ((overflow === "auto" || overflow === "scroll") && wide) {
        scrolls = true;
        break;
      }
      holder = holder.parentElement;
    }
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "");
    if (!scrolls) found.push(name);
  }
  return found.slice(0, 5);
}"""


def walk(page: Page, paths: list[str], size: str) -> list[str]:
    """Visit each path; what is out of reach on each page, and a screenshot of each."""
    wider: list[str] = []
    for path in paths:
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        extra = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if extra > 0:
            wider.append(f"{path}: {extra} px too wide")
        unreachable = page.evaluate(OUT_OF_REACH)
        if unreachable:
            wider.append(f"{path}: out of reach {unreachable}")
        name = path.strip("/").replace("/", "-")[:60]
        shot(page, f"viewport-{size}-{name}")
    return wider


@pytest.mark.parametrize("size", SIZES)
def test_every_console_page_fits_the_window(
    browser: Browser, server: Any, shop: Shop, size: str
) -> None:
    order = shop.order(CUSTOMER)
    # A build-and-hold order with its first article sent: the panel with a round and its photo.
    held = shop.first_article_sent(server.tokens["alice"], CUSTOMER, "Ø 20.02 mm, flatness 0.05")
    width, height = SIZES[size]
    context = browser.new_context(base_url=server.url, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, "root")
        paths = [
            *PAGES,
            f"/console/orders/{order['id']}",
            f"/console/orders/{held['id']}",
            f"/console/parts/{order['part_id']}",
            f"/console/customers/{CUSTOMER}",
        ]
        wider = walk(page, paths, size)
        page.goto(f"/console/orders/{held['id']}")  # the panel was on the page measured
        expect(page.locator("#first-article .fa-round figure")).to_have_count(1)
    finally:
        context.close()
    assert wider == []
    assert errors == []
