"""Texts of the first article (build-and-hold) in chat, in English and Russian (merged into i18n).

The specification step's question, the customer's message with the photos and its buttons,
the answers to them, the staff group's card line and button, and the backend's refusals.
"""

from __future__ import annotations

FIRST_ARTICLE_EN: dict[str, str] = {
    # The specification step and the quote card.
    "spec_first_article_q": (
        "First article (+{price}, +{days} days): one part made and approved by you "
        "before the batch?"
    ),
    "spec_first_article_yes": "🔍 With a first article",
    "spec_first_article_no": "Without",
    # The customer.
    "fa_sent": (
        "🔍 The first article of order #{number} is made and inspected. Approve it and we "
        "make the other {rest}, or ask for changes."
    ),
    "fa_sent_note": (
        "🔍 The first article of order #{number} is made and inspected: {note}\nApprove it "
        "and we make the other {rest}, or ask for changes."
    ),
    "fa_approve_button": "✅ Approve",
    "fa_changes_button": "✏️ Ask for changes",
    "fa_approved_toast": "Approved: the batch is under way.",
    "fa_ask_changes": (
        "What should change in the first article of order #{number}? Say it in a sentence; "
        "we make another one and send it to you."
    ),
    "fa_text_only": "Please type what should change in words.",
    "fa_answered_approved": "✅ You approved it.",
    "fa_answered_changes": "✏️ You asked for changes.",
    "fa_not_waiting": (
        "The first article of order #{number} is not waiting for your answer: it was "
        "decided already. /track {number} shows where the order is."
    ),
    "event_first_article_approved": (
        "✅ The first article of order #{number} is approved: the batch is under way, we "
        "make the other {rest}."
    ),
    "event_first_article_changes": (
        "✏️ We'll make another first article of order #{number} and send it to you: {note}"
    ),
    "track_first_article": (
        "🔍 The first article awaits your approval: approve it or ask for changes."
    ),
    "status_first_article": "first article awaiting approval",
    "slip_first_article": "the batch waited longer than planned for the first article's approval",
    "photo_stage_first_article": "first article",
    # The staff group.
    "staff_send_first_article": "📨 Send first article",
    "staff_photo_stage_first_article": "first article",
    "staff_fa_required": "🔍 First article: one part goes to the customer before the batch",
    "staff_fa_making": (
        "🔍 First article: make one part, reply to this card with its photos, then send it "
        "(new photos: {photos})"
    ),
    "staff_fa_changes": "✏️ Changes asked for (round {round}): {note}",
    "staff_fa_awaiting": "🔍 First article sent (round {round}): awaiting the customer",
    "staff_fa_approved": "✅ First article approved (round {round}): make the batch",
    "staff_fa_sent": "📨 First article of #{number} sent to the customer.",
    "staff_fa_refused": "The first article of #{number} was not sent: {reason}",
    "staff_fa_decided_approved": (
        "✅ The customer approved the first article of #{number}: make the batch."
    ),
    "staff_fa_decided_changes": (
        "✏️ The customer asks for changes to the first article of #{number}: {note}"
    ),
    # The backend's refusals, by code, in words for the chat.
    "error_first_article_photos_required": (
        "reply to the order's card with photos of the first article first."
    ),
    "error_first_article_not_sent": "no first article of this order is waiting for an answer.",
}

FIRST_ARTICLE_RU: dict[str, str] = {
    "spec_first_article_q": (
        "Первый образец (+{price}, +{days} дн.): одну деталь делаем и согласуем с вами "
        "до изготовления партии?"
    ),
    "spec_first_article_yes": "🔍 С первым образцом",
    "spec_first_article_no": "Без него",
    "fa_sent": (
        "🔍 Первый образец по заказу №{number} изготовлен и проверен. Одобрите его, и мы "
        "сделаем остальные {rest} шт., или попросите изменений."
    ),
    "fa_sent_note": (
        "🔍 Первый образец по заказу №{number} изготовлен и проверен: {note}\nОдобрите его, "
        "и мы сделаем остальные {rest} шт., или попросите изменений."
    ),
    "fa_approve_button": "✅ Одобрить",
    "fa_changes_button": "✏️ Попросить изменений",
    "fa_approved_toast": "Одобрено: запускаем партию.",
    "fa_ask_changes": (
        "Что изменить в первом образце по заказу №{number}? Опишите одним предложением; "
        "мы сделаем новый образец и пришлём его вам."
    ),
    "fa_text_only": "Пожалуйста, напишите словами, что изменить.",
    "fa_answered_approved": "✅ Вы одобрили образец.",
    "fa_answered_changes": "✏️ Вы попросили изменений.",
    "fa_not_waiting": (
        "Первый образец по заказу №{number} уже не ждёт вашего ответа: решение принято. "
        "/track {number} покажет, где заказ."
    ),
    "event_first_article_approved": (
        "✅ Первый образец по заказу №{number} одобрен: запускаем партию, делаем остальные "
        "{rest} шт."
    ),
    "event_first_article_changes": (
        "✏️ Сделаем новый первый образец по заказу №{number} и пришлём его вам: {note}"
    ),
    "track_first_article": (
        "🔍 Первый образец ждёт вашего решения: одобрите его или попросите изменений."
    ),
    "status_first_article": "первый образец ждёт одобрения",
    "slip_first_article": "партия дольше плана ждала одобрения первого образца",
    "photo_stage_first_article": "первый образец",
    "staff_send_first_article": "📨 Отправить образец",
    "staff_photo_stage_first_article": "первый образец",
    "staff_fa_required": "🔍 Первый образец: одна деталь уходит заказчику до партии",
    "staff_fa_making": (
        "🔍 Первый образец: сделайте одну деталь, ответьте на эту карточку её фото и "
        "отправьте (новых фото: {photos})"
    ),
    "staff_fa_changes": "✏️ Просят изменений (раунд {round}): {note}",
    "staff_fa_awaiting": "🔍 Образец отправлен (раунд {round}): ждём ответа заказчика",
    "staff_fa_approved": "✅ Образец одобрен (раунд {round}): делайте партию",
    "staff_fa_sent": "📨 Первый образец по №{number} отправлен заказчику.",
    "staff_fa_refused": "Первый образец по №{number} не отправлен: {reason}",
    "staff_fa_decided_approved": "✅ Заказчик одобрил первый образец по №{number}: делайте партию.",
    "staff_fa_decided_changes": ("✏️ Заказчик просит изменить первый образец по №{number}: {note}"),
    "error_first_article_photos_required": (
        "сначала ответьте на карточку заказа фотографиями первого образца."
    ),
    "error_first_article_not_sent": "ни один первый образец этого заказа не ждёт ответа.",
    "error_first_article_approved": "первый образец этого заказа уже одобрен, партия в работе.",
    "error_first_article_pending": (
        "заказ ждёт одобрения первого образца: партию нельзя передать на контроль до него."
    ),
    "error_no_first_article": "в этом заказе нет первого образца.",
}
