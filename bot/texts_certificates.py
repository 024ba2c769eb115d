"""The certificate's caption in chat, in English and Russian (merged into `bot.i18n`)."""

from __future__ import annotations

CERTIFICATES_EN: dict[str, str] = {
    "certificate_caption": "📄 Certificate of conformance for order #{number}",
}

CERTIFICATES_RU: dict[str, str] = {
    "certificate_caption": "📄 Сертификат соответствия к заказу №{number}",
}
