"""Texts of claims after delivery, in English and Russian (merged into i18n)."""

from __future__ import annotations

CLAIMS_EN: dict[str, str] = {
    "claim_button": "⚠️ Report a problem",
    "claim_usage": "Send /claim and the order's number, e.g. /claim 12.",
    "claim_ask": (
        "What is wrong with order #{number}? Describe it in a sentence or two (which parts, "
        "what you see); the shop answers in this chat."
    ),
    "claim_text_only": "Please type what is wrong in words.",
    "claim_not_delivered": (
        "Order #{number} has not been delivered yet: a claim can be opened once it arrives. "
        "/track {number} shows where it is."
    ),
    "claim_opened": (
        "Thank you: your claim on order #{number} is with the shop. Photos of the problem "
        "help: send them now if you have them. We will tell you here what we decide."
    ),
    "claim_photo_added": "📷 Photo added to your claim.",
    "claim_remade": (
        "About your claim on order #{number}: we will make the parts again at no charge, "
        "as order #{remake}. {note}"
    ),
    "claim_refunded": (
        "About your claim on order #{number}: we refund {amount} {currency} (before tax). {note}"
    ),
    "claim_rejected": "About your claim on order #{number}: we cannot accept it. {note}",
    "staff_claim_opened": (
        "⚠️ Claim on order #{number} ({process}, {material}) from {customer}:\n{text}\n"
        "Decide in the console (order #{number})."
    ),
    "error_claim_window_closed": (
        "Claims on this order have closed (too long since delivery); please write to the shop."
    ),
    "error_claim_open": "This order already has a claim the shop has not answered yet.",
    "error_no_open_claim": "There is no open claim on this order to add photos to.",
}

CLAIMS_RU: dict[str, str] = {
    "claim_button": "⚠️ Сообщить о проблеме",
    "claim_usage": "Отправьте /claim и номер заказа, например /claim 12.",
    "claim_ask": (
        "Что не так с заказом №{number}? Опишите в одном-двух предложениях (какие детали, "
        "что видно); мастерская ответит в этом чате."
    ),
    "claim_text_only": "Пожалуйста, опишите проблему словами.",
    "claim_not_delivered": (
        "Заказ №{number} ещё не доставлен: претензию можно подать после получения. "
        "/track {number} покажет, где он сейчас."
    ),
    "claim_opened": (
        "Спасибо: претензия по заказу №{number} передана в мастерскую. Мы сообщим здесь о решении."
    ),
    "claim_remade": (
        "По вашей претензии к заказу №{number}: мы бесплатно изготовим детали заново, "
        "заказ №{remake}. {note}"
    ),
    "claim_refunded": (
        "По вашей претензии к заказу №{number}: мы вернём {amount} {currency} (без налога). {note}"
    ),
    "claim_rejected": "По вашей претензии к заказу №{number}: принять её мы не можем. {note}",
    "staff_claim_opened": (
        "⚠️ Претензия по заказу №{number} ({process}, {material}) от {customer}:\n{text}\n"
        "Решение — в консоли (заказ №{number})."
    ),
    "error_claim_window_closed": (
        "Срок претензий по этому заказу истёк (после доставки прошло слишком много времени); "
        "напишите в мастерскую."
    ),
    "error_claim_open": (
        "По этому заказу уже есть претензия, на которую мастерская ещё не ответила."
    ),
    "error_no_open_claim": (
        "У этого заказа нет открытой претензии, к которой можно добавить фото."
    ),
}
