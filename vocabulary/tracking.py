"""Tracking links: a carrier's URL template and a tracking number made into one link.

Shared by the rate card (it refuses a bad template, `pricing.carriers`), the bot (the shipped
message and `/track`) and the console (the order page), so a link is built one way only.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlsplit

#: Where the tracking number goes in a carrier's URL template.
NUMBER = "{number}"
#: A carrier as the card names it: its id, its name (English), its name in Russian, its URL.
CarrierEntry = tuple[str, str, str, str]


def template_problem(url: str) -> str | None:
    """What is wrong with a carrier's URL template, or None when it is usable.

    An https URL with a host and exactly one `{number}` (the tracking number goes there).
    """
    if url.count(NUMBER) != 1:
        return f"url must hold {NUMBER} exactly once"
    parts = urlsplit(url.replace(NUMBER, "0"))
    if parts.scheme != "https" or not parts.hostname:
        return "url must be an https URL with a host"
    if any(c.isspace() or c in "<>\"'" for c in url):
        return "url must not hold spaces, quotes or angle brackets"
    return None


def tracking_link(template: str, number: str) -> str:
    """The template with the number put in, percent-encoded (nothing in it can end the URL)."""
    return template.replace(NUMBER, quote(number.strip(), safe=""), 1)


def carrier_for(carriers: Iterable[CarrierEntry], said: str) -> CarrierEntry | None:
    """The carrier whose id or name (either language) is `said`, ignoring case and spaces."""
    wanted = "".join(said.split()).casefold()
    if not wanted:
        return None
    for entry in carriers:
        names = {"".join(n.split()).casefold() for n in entry[:3] if n}
        if wanted in names:
            return entry
    return None
