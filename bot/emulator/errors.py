"""Bot API failures with the real status codes and description texts.

Bots match on these texts (aiogram maps the status to an exception class, and code often
checks "message is not modified"), so they are copied from Telegram, not paraphrased.
"""

from __future__ import annotations


class BotApiError(Exception):
    """A Bot API call failed; becomes `{"ok": false, "error_code", "description"}`."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def bad_request(reason: str) -> BotApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return BotApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> BotApiError:
    """A 403 with Telegram's "Forbidden: " prefix."""
    return BotApiError(403, f"Forbidden: {reason}")


def too_many_requests(retry_after: int) -> BotApiError:
    """A 429 flood-control answer carrying `parameters.retry_after`."""
    return BotApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


CHAT_NOT_FOUND = "chat not found"
MESSAGE_TOO_LONG = "message is too long"
TEXT_EMPTY = "message text is empty"
CAPTION_TOO_LONG = "message caption is too long"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
FILE_TOO_BIG = "file is too big"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
GETUPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
