"""Texts of manual review and of accepting a risk, in English and Russian (merged into i18n).

Kept apart so the other texts of issue 12 merge without touching these; `bot.i18n` adds
them to its locales, and `tests/test_bot/test_texts.py` checks them like the rest.
"""

from __future__ import annotations

REVIEW_EN: dict[str, str] = {
    # The customer: a quote in review, asking for a person, the reviewed quote.
    "reason_total_above": "a total above {detail}",
    "reason_tolerance": "a tight tolerance",
    "reason_drawing": "an attached drawing",
    "reason_warning": "{warning}",
    "reason_quantity_above": "more than {limit} pcs",
    "reason_all_refused": "no process can make it as drawn",
    "review_quote_card": "🧾 <b>{name}</b>\n{process} · {material} · {quantity} pcs · {lead}",
    "review_note": (
        "👤 A person checks this quote first ({reasons}).\n"
        "Price range: <b>{low} – {high}</b>. A person answers within {hours} working hours."
    ),
    "review_note_unpriced": (
        "👤 To be priced by a person ({reasons}). A person answers within {hours} working hours."
    ),
    "review_ask": "📨 Send to a person",
    "review_ask_part": "📨 Ask a person to price it",
    "review_sent": "📨 Sent to the shop. A person answers within {hours} working hours.",
    "review_already": "📨 Already with the shop; a person answers soon.",
    "reviewed_head": "✅ <b>The shop reviewed your quote</b>",
    "reviewed_price": "Price: {before} → <b>{after}</b>",
    "reviewed_price_new": "Price: <b>{after}</b>",
    "reviewed_days": "Lead time: {before} → <b>{after}</b> working days",
    "reviewed_same": "The instant price stands.",
    "reviewed_note": "Note from the shop: {note}",
    # The customer: accepting a quote with DFM warnings.
    "risk_confirm": (
        "⚠️ Before you order, please confirm you accept these risks:\n{warnings}\n\n"
        "Or send a revised file."
    ),
    "risk_accept": "✅ I accept these risks",
    "risk_revise": "📎 Send a revised file",
    "risk_revise_hint": "Send the revised file here as a document and I'll price it again.",
    "risks_accepted": "✅ Risks accepted.",
    # The staff group.
    "staff_review_card": (
        "👤 <b>Review</b> · {filename}\nCustomer {customer}\n{what}\nWhy: {reasons}\n"
        "Instant price: {total}\nAnswer due {due} UTC"
    ),
    "staff_review_customer_note": "Customer's note: {note}",
    "staff_review_approve": "✅ Approve price",
    "staff_review_price": "✏️ Set price",
    "staff_review_ask_price": (
        "{who}, reply with the total before tax, the lead time in working days and an "
        "optional note, e.g. <code>1250.00 12 Fixtures needed</code>."
    ),
    "staff_review_bad_price": (
        "Please reply like <code>1250.00 12 note</code>: a total above zero and whole days."
    ),
    "staff_review_approved": "✅ Price approved by {who}",
    "staff_review_priced": "✏️ Priced at {total}, {days} working days, by {who}",
    "staff_review_decided": "This review was decided already.",
    "staff_review_overdue": "⏰ The review of <b>{filename}</b> (customer {customer}) is overdue: "
    "due {due} UTC.",
    "staff_risks": "⚠️ The customer accepted these risks ({at} UTC): {warnings}",
    "not_priced": "not priced",
}

REVIEW_RU: dict[str, str] = {
    "reason_total_above": "сумма больше {detail}",
    "reason_tolerance": "жёсткий допуск",
    "reason_drawing": "приложен чертёж",
    "reason_warning": "{warning}",
    "reason_quantity_above": "больше {limit} шт.",
    "reason_all_refused": "ни один процесс не может изготовить её как есть",
    "review_quote_card": "🧾 <b>{name}</b>\n{process} · {material} · {quantity} шт. · {lead}",
    "review_note": (
        "👤 Сначала расчёт проверит сотрудник ({reasons}).\n"
        "Диапазон цены: <b>{low} – {high}</b>. Ответим в течение {hours} рабочих часов."
    ),
    "review_note_unpriced": (
        "👤 Цену назначит сотрудник ({reasons}). Ответим в течение {hours} рабочих часов."
    ),
    "review_ask": "📨 Отправить сотруднику",
    "review_ask_part": "📨 Попросить сотрудника оценить",
    "review_sent": "📨 Отправлено в мастерскую. Сотрудник ответит в течение {hours} рабочих часов.",
    "review_already": "📨 Уже у сотрудника; скоро ответим.",
    "reviewed_head": "✅ <b>Мастерская проверила ваш расчёт</b>",
    "reviewed_price": "Цена: {before} → <b>{after}</b>",
    "reviewed_price_new": "Цена: <b>{after}</b>",
    "reviewed_days": "Срок: {before} → <b>{after}</b> раб. дн.",
    "reviewed_same": "Мгновенная цена подтверждена.",
    "reviewed_note": "Комментарий мастерской: {note}",
    "risk_confirm": (
        "⚠️ Перед заказом подтвердите, что принимаете эти риски:\n{warnings}\n\n"
        "Или пришлите исправленный файл."
    ),
    "risk_accept": "✅ Принимаю риски",
    "risk_revise": "📎 Прислать исправленный файл",
    "risk_revise_hint": "Пришлите исправленный файл сюда документом, и я рассчитаю его заново.",
    "risks_accepted": "✅ Риски приняты.",
    "staff_review_card": (
        "👤 <b>Проверка</b> · {filename}\nКлиент {customer}\n{what}\nПричина: {reasons}\n"
        "Мгновенная цена: {total}\nОтветить до {due} UTC"
    ),
    "staff_review_customer_note": "Комментарий клиента: {note}",
    "staff_review_approve": "✅ Утвердить цену",
    "staff_review_price": "✏️ Назначить цену",
    "staff_review_ask_price": (
        "{who}, ответьте суммой без налога, сроком в рабочих днях и, если нужно, "
        "комментарием, например <code>1250.00 12 Нужна оснастка</code>."
    ),
    "staff_review_bad_price": (
        "Ответьте так: <code>1250.00 12 комментарий</code>: сумма больше нуля и целые дни."
    ),
    "staff_review_approved": "✅ Цену утвердил(а) {who}",
    "staff_review_priced": "✏️ Цена {total}, {days} раб. дн., назначил(а) {who}",
    "staff_review_decided": "По этой проверке уже есть решение.",
    "staff_review_overdue": "⏰ Проверка <b>{filename}</b> (клиент {customer}) просрочена: "
    "срок был {due} UTC.",
    "staff_risks": "⚠️ Клиент принял риски ({at} UTC): {warnings}",
    "not_priced": "нет цены",
}
