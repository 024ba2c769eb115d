"""The certificate of conformance sent with the shipped message, as a PDF document.

Kept apart from the notifier so its change there is one call. The backend draws the
certificate (`GET /orders/{id}/certificate.pdf`) in the customer's language; an order it
cannot certify (no passing QC check on record) or a backend that does not answer leaves
the shipped message on its own, and the reason is logged: the message is never repeated
for the document's sake.
"""

from __future__ import annotations

import structlog
from aiogram import Bot
from aiogram.types import BufferedInputFile

from bot.api import BackendClient, BackendError
from bot.i18n import Translator

log = structlog.get_logger("smallbatch.bot.certificates")


async def send_certificate(
    bot: Bot, api: BackendClient, tr: Translator, *, user: int, order_id: str, number: int
) -> bool:
    """Send order `number`'s certificate to `user` in `tr`'s language; whether it was sent."""
    try:
        pdf = await api.certificate_document(user, order_id, tr.language)
    except BackendError as error:  # not inspected, or the backend away: the message stands alone
        log.warning("certificate_not_sent", order=number, code=error.code, error=error.message)
        return False
    await bot.send_document(
        user,
        BufferedInputFile(pdf, f"certificate-{number}.pdf"),
        caption=tr("certificate_caption", number=number),
    )
    return True
