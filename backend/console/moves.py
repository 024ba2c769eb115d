"""The order page's move form: a machine, a unit, a shop day and time, as the API's request.

Staff think in shop time, so the form's day and time are the shop's (the card's
`utc_offset_hours`); a day without a time means the machine's first free time that day,
and no day at all its first free time from now (a time without a day is refused).
"""

from __future__ import annotations

from backend.console.web import decode_form
from backend.errors import InvalidRequest
from backend.schedule.schemas import MoveRequest

MOVE_FORM = (
    "Choose a machine, and a day (and a time, HH:MM shop time, if the job should not start "
    "at the beginning of that day's shift); with neither, the job moves as soon as it can."
)
#: The move form's fields, kept by the preview for its Save button.
FIELDS = ("machine", "unit", "day", "time")


def move_request(fields: dict[str, str], utc_offset_hours: int, *, dry_run: bool) -> MoveRequest:
    """The API's move request from the form's fields.

    Raises:
        InvalidRequest: a field is missing or malformed (the form's sentence says what to give).
    """
    day, at = fields.get("day", "").strip(), fields.get("time", "").strip()
    wanted = {"machine": fields.get("machine", ""), "unit": fields.get("unit", "")}
    if at:  # no day: `T09:30+01:00` does not parse, and the form's sentence says why
        wanted["starts_at"] = f"{day}T{at}{_offset(utc_offset_hours)}"
    else:
        wanted["day"] = day
    try:
        return decode_form({**wanted, "dry_run": str(dry_run).lower()}, MoveRequest)
    except InvalidRequest as exc:
        raise InvalidRequest(MOVE_FORM) from exc


def _offset(hours: int) -> str:
    """`+01:00` for one hour east of UTC."""
    sign = "-" if hours < 0 else "+"
    return f"{sign}{abs(hours):02d}:00"
