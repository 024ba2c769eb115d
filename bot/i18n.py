"""Every text the bot sends, in English (default) and Russian, picked by Telegram language.

Texts are `str.format` templates keyed by name. A missing Russian text falls back to
English, so a new message is never blank; `tests/test_bot/test_texts.py` checks both
locales have the same keys and placeholders.
"""

from __future__ import annotations

from typing import Any

from bot import texts_revisions as revisions
from bot.i18n_claims import CLAIMS_EN, CLAIMS_RU
from bot.i18n_first_article import FIRST_ARTICLE_EN, FIRST_ARTICLE_RU
from bot.i18n_payments import PAYMENTS_EN, PAYMENTS_RU
from bot.i18n_photos import PHOTOS_EN, PHOTOS_RU
from bot.i18n_review import REVIEW_EN, REVIEW_RU
from bot.profile_texts import PROFILE_EN, PROFILE_RU
from bot.texts_certificates import CERTIFICATES_EN, CERTIFICATES_RU
from bot.texts_shipping import SHIPPING_EN, SHIPPING_RU
from vocabulary.colours import colour_name
from vocabulary.wording_ru import RU_WORDING, russian_args

DEFAULT = "en"

EN: dict[str, str] = {
    "specs": "⚙️ Specifications",
    "yes": "Yes",
    "no": "No",
    "spec_thread_q": "Tap {count} × Ø{diameter} mm as {thread}?",
    "spec_tolerance_q": "Which tolerances? ISO 2768 classes, or tighter per your drawing.",
    "spec_finish_q": "Which surface finish?",
    "spec_as_made": "As made",
    "spec_colour_q": "Which colour?",
    "spec_inserts_q": "Threaded inserts? Choose a size.",
    "spec_insert_count_q": "How many {size} inserts per part?",
    "spec_no_inserts": "No inserts",
    "spec_note_q": "Anything else the shop should know? Add a note, or Done.",
    "spec_add_note": "✏️ Add a note",
    "spec_ask_note": "Type your note for this part (up to {limit} characters):",
    "spec_note_saved": "Note saved.",
    "spec_skip": "Skip ›",
    "spec_done": "✓ Done",
    "spec_tolerance": "Tolerance: {name}",
    "spec_finish": "Finish: {name}",
    "spec_colour": "Colour: {name}",
    "spec_threads": "Threads: {rows}",
    "spec_inserts": "Inserts: {rows}",
    "spec_note": "Note: {note}",
    "start": (
        "👋 <b>smallbatch</b> makes small batches of real parts: 3D printing (FDM, SLA, SLS, "
        "MJF), CNC machining, vacuum casting and injection moulding.\n\n"
        "Send me a CAD file <b>as a document</b> (📎 → File): STL, STEP, 3MF, OBJ, PLY or GLB. "
        "I'll measure it, price it for every process and you can order in a minute.\n\n"
        "/orders: your orders · /track N: follow order N · /help: this text"
    ),
    "fallback": "Send me a CAD file as a document (STL, STEP, 3MF, OBJ, PLY, GLB), or /help.",
    "stale_button": "This button is no longer active.",
    "unavailable": "⏳ Our system is restarting. Please try again in a minute.",
    "error": "Sorry, that didn't work: {message}",
    "analysing": "⏳ Analysing <b>{name}</b>…",
    "analysing_for": "⏳ Analysing <b>{name}</b>… {seconds} s",
    "analysed": "✅ <b>{name}</b> measured.",
    "analysis_failed": "❌ I couldn't read <b>{name}</b>: {message}",
    "analysis_slow": "⌛ <b>{name}</b> is taking long to measure. Send it again later.",
    "too_big": (
        "📦 <b>{name}</b> is {size} MB: over the 20 MB a Telegram bot may download.\n"
        "Please upload it on this one-time page instead (valid until {expires} UTC); "
        "I'll continue here as soon as it arrives."
    ),
    "upload_button": "Upload the file",
    "part_card": (
        "📐 <b>{name}</b>\nSize: {x} × {y} × {z} mm\nVolume: {volume} cm³ · {bodies} {bodies_word}"
    ),
    "min_wall": "Thinnest wall: {wall} mm",
    "body": "body",
    "bodies": "bodies",
    "units_question": ("❓ At these sizes the part looks tiny. Which unit was the file drawn in?"),
    "choose_process": "Choose a process:",
    "choose_material": "Choose a material for {process}:",
    "from_price": "{name} · from {price}",
    "from_estimate": "{name} · ≈ from {price} (estimate)",
    "estimate_note": "⚠️ Estimate — a person will confirm the price. {reason}",
    "pieces_note": "Prices {pieces} pieces per set.",
    "accept_estimate": "✅ Accept — a person confirms",
    "back": "« Back",
    "not_feasible": "✗ {name}",
    "quote_card": (
        "🧾 <b>{name}</b>\n{process} · {material} · {quantity} pcs · {lead}\n"
        "Unit price: <b>{unit}</b> · Total: <b>{total}</b> (+{tax_label} {tax})\n"
        "Ships by {ship_date} ({days} working days)"
    ),
    "hint": "💡 At {quantity} pcs {process} ({material}) is cheaper: {price} each.",
    "valid_until": "Quote valid until {date}.",
    "qty_other": "✏️ Other quantity",
    "accept": "✅ Accept",
    "change": "🔁 Change",
    "pdf": "📄 PDF",
    "lead_economy": "Economy",
    "lead_standard": "Standard",
    "lead_express": "Express",
    "ask_quantity": "Type the quantity you need (1 to 1,000,000):",
    "bad_quantity": "Please type a whole number from 1 to 1,000,000.",
    "quantity_set": "Repriced for {quantity} pcs.",
    "order_placed": (
        "🎉 Order <b>#{number}</b> placed. We'll review it shortly and tell you here at every "
        "step. /track {number}"
    ),
    "order_exists": "Order #{number} is already placed.",
    "placed_line": "✅ Accepted: order #{number}",
    "no_orders": "You have no orders yet. Send me a CAD file to get a quote.",
    "orders_title": "<b>Your orders</b>",
    "order_line": "#{number} · {status} · {date}",
    "track_usage": "Send /track and the order number, e.g. /track 12.",
    "no_such_order": "I can't find order #{ref} among your orders.",
    "track_title": "<b>Order #{number}</b> · {status}",
    "track_line": "{date} · {status}",
    "track_ships": "📅 Ships by {date}",
    "tracking": "📦 {carrier}, tracking number {tracking}",
    "rating_line": "Your rating: {stars}",
    "status_awaiting_payment": "awaiting payment",
    "status_pending_review": "awaiting review",
    "status_approved": "approved",
    "status_rejected": "not accepted",
    "status_cancelled": "cancelled",
    "status_in_production": "in production",
    "status_qc": "quality check",
    "status_packed": "packed",
    "status_shipped": "shipped",
    "status_delivered": "delivered",
    "event_approved": "✅ Order #{number} is approved: production starts soon.",
    "event_rejected": "❌ Order #{number} was not accepted. Reason: {note}",
    "event_cancelled": "Order #{number} is cancelled.",
    "event_in_production": "🏭 Order #{number} is in production.",
    "event_reworked": "🔁 Order #{number} is being remade to meet our quality check: {note}",
    "event_shipped": "📦 Order #{number} has shipped with {carrier}. Tracking number: {tracking}",
    "event_delivered": "🎉 Order #{number} is delivered. How did we do? Rate it from 1 to 5:",
    "event_slipped": "⏳ Order #{number} will now ship on {ship_date}: {reason}. We are sorry.",
    "staff_slipped": "⏳ Order #{number} slipped to {ship_date}: {reason}.",
    "slip_machine_down": "a machine it needs is down",
    "slip_rework": "parts are being remade after the quality check",
    "slip_late": "production is running behind",
    "slip_capacity": "earlier orders took the time it needed",
    "slip_moved": "we had to rearrange the production schedule",
    "error_express_unavailable": (
        "Express is not possible right now: the shop is full. Choose standard or economy."
    ),
    "rate_comment": (
        "Thank you: {stars}. Type a comment for the shop, or press the button to send the "
        "rating without one."
    ),
    "rate_send": "Send without comment",
    "rated": "Thank you for rating order #{number}: {stars}",
    "already_rated": "Order #{number} is already rated.",
    # Drawings (PDFs attached to a part).
    "drawing_attached": "📎 Drawing attached to <b>{part}</b>.",
    "drawing_no_part": (
        "📎 To attach a drawing, send the part's CAD file first, then the PDF as a reply to "
        "the part card."
    ),
    "drawing_which_part": "📎 Which part is this drawing for?",
    "drawing_too_big": (
        "📦 <b>{name}</b> is over the 20 MB a Telegram bot may download. Please upload it on "
        "this one-time page: it will be attached to <b>{part}</b>."
    ),
    "drawing_refused_not_a_pdf": "❌ <b>{name}</b> is not a PDF. Please send the drawing as a PDF.",
    "drawing_refused_invalid_pdf": (
        "❌ <b>{name}</b> could not be read: the PDF may be damaged or cut short. "
        "Please export the drawing to PDF again and send the new file."
    ),
    "drawing_refused_too_many_drawings": "❌ This part already has as many drawings as it can.",
    "drawing_refused_too_large": "❌ <b>{name}</b> is over the 50 MB limit for a drawing.",
    "drawing_refused_rate_limited": "⏳ That's many drawings this hour; please send it later.",
    "staff_drawing": "📎 Drawing <b>{name}</b> · pages: {pages}",
    "staff_drawing_no_preview": "📎 Drawing <b>{name}</b>: preview unavailable, open the PDF.",
    # Staff chat.
    "staff_card": (
        "🆕 <b>Order #{number}</b> · {status}\nCustomer {customer}\n"
        "{process} · {material} · {quantity} pcs · {lead}\nTotal {total} · ships by {ship_date}"
    ),
    "staff_by": "{status} by {who}",
    "staff_only": "Only staff can do this.",
    "staff_approve": "✅ Approve",
    "staff_reject": "❌ Reject",
    "staff_start": "🏭 Start production",
    "staff_qc": "🔍 To QC",
    "staff_pass": "✅ QC passed",
    "staff_fail": "❌ QC failed",
    "staff_ship": "📦 Shipped",
    "staff_deliver": "🎉 Delivered",
    "staff_ask_reject": "{who}, reply with the reason for rejecting order #{number}.",
    "staff_ask_fail": "{who}, reply with what failed QC on order #{number}.",
    "staff_ask_ship": (
        "{who}, reply with the carrier and tracking number for order #{number}, "
        "e.g. <code>DHL 1234567890</code>."
    ),
    "staff_bad_ship": "Please send the carrier and the tracking number, e.g. DHL 1234567890.",
    "staff_done": "Order #{number}: {status}.",
    "staff_stale": "Order #{number} has changed meanwhile; the card is refreshed.",
    # QC by plan: a staff member replies to an order's card with the next sample part's values.
    "qc_recorded": "🔎 Order #{number} · QC part {part}: {values}",
    "qc_left": "Next: part {part} · values left: {left}.",
    "qc_all_in": "Every sampled part is measured.",
    "qc_plan_so_far": "Plan so far: {decision} · {classes}",
    "qc_class": "{name} {defectives} defective (accept {accept}, reject {reject})",
    "qc_accept": "accept, pass it",
    "qc_reject": "reject, fail it",
    "qc_incomplete": "incomplete",
    "qc_critical": "critical",
    "qc_major": "major",
    "qc_minor": "minor",
    "qc_not_recorded": "Order #{number}: nothing recorded. {reason}",
    "qc_size_": "size {rest}",
    "qc_hole_": "Ø{rest} hole",
    "qc_thread_": "{rest} thread",
    "qc_visual": "visual check",
    "staff_help": (
        "\n\n<b>Staff:</b> to record QC, reply to an order's card in the staff group with the "
        "next sample part's values, separated by spaces, in the plan's order: size X, Y, Z, "
        "each hole Ø, then 1 (good) or 0 (not) for each thread gauge and the visual check, "
        "e.g. <code>60.02 30.01 39.98 5.21 1</code>. The console shows the plan."
    ),
    # The quote card's lines, its details message and the units buttons.
    "per_part_line": "· {label}: {unit} × {quantity} = {amount}",
    "batch_line": "· {label}: {amount}",
    "more_lines": "… {count} more lines: tap «{button}»",
    "details": "📊 Lines and processes",
    "details_title": "🧾 <b>{name}</b> · {quantity} pcs · every line",
    "details_total": "Total: <b>{total}</b> (+{tax_label} {tax})",
    "table_title": "<b>Every process at {quantity} pcs</b> ({lead}, before {tax_label})",
    "table_row": "{mark}{process}, {material}: {unit} each · {total} · {days} working days",
    "table_refused": "✗ {process}, {material}: {reason}",
    "unit_mm": "mm",
    "unit_inch": "inch",
    "unit_m": "m",
}

RU: dict[str, str] = {
    "specs": "⚙️ Требования",
    "yes": "Да",
    "no": "Нет",
    "spec_thread_q": "Нарезать резьбу {thread} в {count} отв. Ø{diameter} мм?",
    "spec_tolerance_q": "Какие допуски? Классы ISO 2768 или точнее, по вашему чертежу.",
    "spec_finish_q": "Какая обработка поверхности?",
    "spec_as_made": "Без обработки",
    "spec_colour_q": "Какой цвет?",
    "spec_inserts_q": "Резьбовые вставки? Выберите размер.",
    "spec_insert_count_q": "Сколько вставок {size} на деталь?",
    "spec_no_inserts": "Без вставок",
    "spec_note_q": "Что ещё нужно знать мастерской? Добавьте комментарий или нажмите «Готово».",
    "spec_add_note": "✏️ Добавить комментарий",
    "spec_ask_note": "Напишите комментарий к детали (до {limit} символов):",
    "spec_note_saved": "Комментарий сохранён.",
    "spec_skip": "Пропустить ›",
    "spec_done": "✓ Готово",
    "spec_tolerance": "Допуски: {name}",
    "spec_finish": "Обработка: {name}",
    "spec_colour": "Цвет: {name}",
    "spec_threads": "Резьба: {rows}",
    "spec_inserts": "Вставки: {rows}",
    "spec_note": "Комментарий: {note}",
    "start": (
        "👋 <b>smallbatch</b> изготавливает небольшие партии деталей: 3D-печать (FDM, SLA, SLS, "
        "MJF), фрезеровка на ЧПУ, вакуумное литьё и литьё под давлением.\n\n"
        "Пришлите CAD-файл <b>документом</b> (📎 → Файл): STL, STEP, 3MF, OBJ, PLY или GLB. "
        "Я измерю деталь, рассчитаю цену для каждого процесса, и заказ займёт минуту.\n\n"
        "/orders: ваши заказы · /track номер: статус заказа · /help: эта справка"
    ),
    "fallback": "Пришлите CAD-файл документом (STL, STEP, 3MF, OBJ, PLY, GLB) или /help.",
    "stale_button": "Эта кнопка больше не активна.",
    "unavailable": "⏳ Система перезапускается. Попробуйте ещё раз через минуту.",
    "error": "Не получилось: {message}",
    "analysing": "⏳ Анализирую <b>{name}</b>…",
    "analysing_for": "⏳ Анализирую <b>{name}</b>… {seconds} с",
    "analysed": "✅ <b>{name}</b> измерен.",
    "analysis_failed": "❌ Не удалось прочитать <b>{name}</b>: {message}",
    "analysis_slow": "⌛ <b>{name}</b> измеряется слишком долго. Пришлите его позже.",
    "too_big": (
        "📦 <b>{name}</b> весит {size} МБ: больше 20 МБ, которые бот может скачать.\n"
        "Загрузите его на одноразовой странице (действует до {expires} UTC); "
        "я продолжу здесь, как только файл придёт."
    ),
    "upload_button": "Загрузить файл",
    "part_card": (
        "📐 <b>{name}</b>\nРазмер: {x} × {y} × {z} мм\nОбъём: {volume} см³ · тел: {bodies}"
    ),
    "min_wall": "Самая тонкая стенка: {wall} мм",
    "body": "тело",
    "bodies": "тела",
    "units_question": "❓ В таких размерах деталь выглядит крошечной. В каких единицах файл?",
    "choose_process": "Выберите процесс:",
    "choose_material": "Выберите материал для {process}:",
    "from_price": "{name} · от {price}",
    "from_estimate": "{name} · ≈ от {price} (оценка)",
    "estimate_note": "⚠️ Оценка — цену подтвердит сотрудник. {reason}",
    "pieces_note": "Цена за комплект из {pieces} деталей.",
    "accept_estimate": "✅ Заказать — подтвердит сотрудник",
    "back": "« Назад",
    "not_feasible": "✗ {name}",
    "quote_card": (
        "🧾 <b>{name}</b>\n{process} · {material} · {quantity} шт. · {lead}\n"
        "Цена за штуку: <b>{unit}</b> · Итого: <b>{total}</b> (+{tax_label} {tax})\n"
        "Отгрузка до {ship_date} ({days} раб. дн.)"
    ),
    "hint": "💡 При {quantity} шт. {process} ({material}) дешевле: {price} за штуку.",
    "valid_until": "Предложение действует до {date}.",
    "qty_other": "✏️ Другое количество",
    "accept": "✅ Заказать",
    "change": "🔁 Изменить",
    "pdf": "📄 PDF",
    "lead_economy": "Эконом",
    "lead_standard": "Стандарт",
    "lead_express": "Срочно",
    "ask_quantity": "Введите нужное количество (от 1 до 1 000 000):",
    "bad_quantity": "Введите целое число от 1 до 1 000 000.",
    "quantity_set": "Пересчитано для {quantity} шт.",
    "order_placed": (
        "🎉 Заказ <b>№{number}</b> оформлен. Мы скоро его проверим и будем сообщать здесь "
        "о каждом шаге. /track {number}"
    ),
    "order_exists": "Заказ №{number} уже оформлен.",
    "placed_line": "✅ Принято: заказ №{number}",
    "no_orders": "У вас пока нет заказов. Пришлите CAD-файл, чтобы узнать цену.",
    "orders_title": "<b>Ваши заказы</b>",
    "order_line": "№{number} · {status} · {date}",
    "track_usage": "Отправьте /track и номер заказа, например /track 12.",
    "no_such_order": "Не нахожу заказ №{ref} среди ваших.",
    "track_title": "<b>Заказ №{number}</b> · {status}",
    "track_line": "{date} · {status}",
    "track_ships": "📅 Отгрузка до {date}",
    "tracking": "📦 {carrier}, трек-номер {tracking}",
    "rating_line": "Ваша оценка: {stars}",
    "status_awaiting_payment": "ожидает оплаты",
    "status_pending_review": "на проверке",
    "status_approved": "одобрен",
    "status_rejected": "отклонён",
    "status_cancelled": "отменён",
    "status_in_production": "в производстве",
    "status_qc": "контроль качества",
    "status_packed": "упакован",
    "status_shipped": "отправлен",
    "status_delivered": "доставлен",
    "event_approved": "✅ Заказ №{number} одобрен: скоро начнём производство.",
    "event_rejected": "❌ Заказ №{number} отклонён. Причина: {note}",
    "event_cancelled": "Заказ №{number} отменён.",
    "event_in_production": "🏭 Заказ №{number} в производстве.",
    "event_reworked": "🔁 Заказ №{number} переделываем по итогам контроля качества: {note}",
    "event_shipped": "📦 Заказ №{number} отправлен, {carrier}. Трек-номер: {tracking}",
    "event_delivered": "🎉 Заказ №{number} доставлен. Оцените нашу работу от 1 до 5:",
    "event_slipped": "⏳ Заказ №{number} будет отгружен {ship_date}: {reason}. Приносим извинения.",
    "staff_slipped": "⏳ Заказ №{number} сдвинулся на {ship_date}: {reason}.",
    "slip_machine_down": "нужное оборудование неисправно",
    "slip_rework": "детали переделываем после контроля качества",
    "slip_late": "производство отстаёт от графика",
    "slip_capacity": "время заняли более ранние заказы",
    "slip_moved": "нам пришлось перестроить производственный график",
    "error_express_unavailable": (
        "Срочное изготовление сейчас невозможно: мастерская загружена. "
        "Выберите стандартный или экономичный срок."
    ),
    "rate_comment": (
        "Спасибо: {stars}. Напишите комментарий для мастерской или нажмите кнопку, "
        "чтобы отправить оценку без него."
    ),
    "rate_send": "Отправить без комментария",
    "rated": "Спасибо за оценку заказа №{number}: {stars}",
    "already_rated": "Заказ №{number} уже оценён.",
    # Drawings (PDFs attached to a part).
    "drawing_attached": "📎 Чертёж прикреплён к <b>{part}</b>.",
    "drawing_no_part": (
        "📎 Чтобы прикрепить чертёж, сначала пришлите файл модели детали, а затем PDF "
        "ответом на карточку детали."
    ),
    "drawing_which_part": "📎 К какой детали этот чертёж?",
    "drawing_too_big": (
        "📦 <b>{name}</b> больше 20 МБ, которые бот в Telegram может скачать. Загрузите его "
        "на этой одноразовой странице: он будет прикреплён к <b>{part}</b>."
    ),
    "drawing_refused_not_a_pdf": "❌ <b>{name}</b> — не PDF. Пришлите чертёж в формате PDF.",
    "drawing_refused_invalid_pdf": (
        "❌ <b>{name}</b> не удалось прочитать: PDF повреждён или обрезан. "
        "Сохраните чертёж в PDF заново и пришлите новый файл."
    ),
    "drawing_refused_too_many_drawings": "❌ У этой детали уже столько чертежей, сколько можно.",
    "drawing_refused_too_large": "❌ <b>{name}</b> больше 50 МБ — предела для чертежа.",
    "drawing_refused_rate_limited": "⏳ За этот час чертежей слишком много; пришлите позже.",
    "staff_drawing": "📎 Чертёж <b>{name}</b> · страниц: {pages}",
    "staff_drawing_no_preview": "📎 Чертёж <b>{name}</b>: предпросмотр недоступен, откройте PDF.",
    # Staff group (in SMALLBATCH_STAFF_LANGUAGE).
    "staff_card": (
        "🆕 <b>Заказ №{number}</b> · {status}\nКлиент {customer}\n"
        "{process} · {material} · {quantity} шт. · {lead}\nИтого {total} · отгрузка до {ship_date}"
    ),
    "staff_by": "{status} ({who})",
    "staff_only": "Это могут делать только сотрудники.",
    "staff_approve": "✅ Одобрить",
    "staff_reject": "❌ Отклонить",
    "staff_start": "🏭 В производство",
    "staff_qc": "🔍 На контроль",
    "staff_pass": "✅ Контроль пройден",
    "staff_fail": "❌ Брак",
    "staff_ship": "📦 Отправлен",
    "staff_deliver": "🎉 Доставлен",
    "staff_ask_reject": "{who}, ответьте причиной отказа по заказу №{number}.",
    "staff_ask_fail": "{who}, ответьте, что не прошло контроль в заказе №{number}.",
    "staff_ask_ship": (
        "{who}, ответьте названием перевозчика и трек-номером заказа №{number}, "
        "например <code>СДЭК 1234567890</code>."
    ),
    "staff_bad_ship": "Пришлите перевозчика и трек-номер, например СДЭК 1234567890.",
    "staff_done": "Заказ №{number}: {status}.",
    "staff_stale": "Заказ №{number} тем временем изменился; карточка обновлена.",
    "qc_recorded": "🔎 Заказ №{number} · контроль, деталь {part}: {values}",
    "qc_left": "Дальше: деталь {part} · осталось значений: {left}.",
    "qc_all_in": "Все детали выборки измерены.",
    "qc_plan_so_far": "По плану сейчас: {decision} · {classes}",
    "qc_class": "{name}: дефектных {defectives} (приёмочное {accept}, браковочное {reject})",
    "qc_accept": "партия принимается",
    "qc_reject": "партия бракуется",
    "qc_incomplete": "измерено не всё",
    "qc_critical": "критические",
    "qc_major": "значительные",
    "qc_minor": "малозначительные",
    "qc_not_recorded": "Заказ №{number}: ничего не записано. {reason}",
    "qc_size_": "размер {rest}",
    "qc_hole_": "отверстие Ø{rest}",
    "qc_thread_": "резьба {rest}",
    "qc_visual": "внешний вид",
    "staff_help": (
        "\n\n<b>Сотрудникам:</b> чтобы записать контроль, ответьте на карточку заказа в группе "
        "значениями следующей детали выборки через пробел в порядке плана: размеры X, Y, Z, "
        "каждое отверстие Ø, затем 1 (годно) или 0 (нет) для каждого калибра резьбы и внешнего "
        "вида, например <code>60,02 30,01 39,98 5,21 1</code>. План виден в консоли."
    ),
    "per_part_line": "· {label}: {unit} × {quantity} = {amount}",
    "batch_line": "· {label}: {amount}",
    "more_lines": "… ещё строк: {count} — нажмите «{button}»",
    "details": "📊 Строки и процессы",
    "details_title": "🧾 <b>{name}</b> · {quantity} шт. · все строки",
    "details_total": "Итого: <b>{total}</b> (+{tax_label} {tax})",
    "table_title": "<b>Все процессы при {quantity} шт.</b> ({lead}, без {tax_label})",
    "table_row": "{mark}{process}, {material}: {unit} за штуку · {total} · {days} раб. дн.",
    "table_refused": "✗ {process}, {material}: {reason}",
    "unit_mm": "мм",
    "unit_inch": "дюймы",
    "unit_m": "м",
    # Geometry errors by their stable code: English comes with the error itself.
    "error_unsupported_format": (
        "это не 3D-модель в формате, который мы читаем, или расширение не совпадает с "
        "содержимым. Пришлите модель в STL, STEP, 3MF, OBJ, PLY или GLB."
    ),
    "error_corrupt_file": (
        "файл повреждён или использует возможности, которые мы не поддерживаем. "
        "Экспортируйте модель заново или пришлите STL или STEP."
    ),
    "error_empty_mesh": "в файле нет ни одного треугольника, измерять нечего.",
    "error_not_solid": (
        "модель не ограничивает объём (она плоская или вырожденная), поэтому её нельзя "
        "изготовить как деталь."
    ),
    "error_too_large": (
        "файл или модель больше, чем мы принимаем. Экспортируйте её с меньшей детализацией."
    ),
    "error_timeout": (
        "измерение заняло слишком много времени. Упростите модель или пришлите её позже."
    ),
    "error_analysis_failed": (
        "анализ файла прервался; файл может быть повреждён. Экспортируйте модель заново."
    ),
    "error_geometry_error": "этот файл не удалось измерить. Экспортируйте модель заново.",
    "error_analysis_gave_up": (
        "измерить этот файл не удалось несколько раз подряд. Пришлите его снова или "
        "свяжитесь с нами."
    ),
    # Geometry warnings: English comes with the report itself, in the geometry's own words.
    "warn_open_mesh": "Сетка не замкнута: объём и толщина стенок оценочные.",
    "warn_thin_walls": "Есть тонкие стенки: они могут не получиться в некоторых процессах.",
    "warn_enclosed_voids": "Внутри замкнутые полости: порошок или смола могут остаться внутри.",
    "warn_multiple_bodies": "В файле несколько отдельных тел: каждое будет отдельной деталью.",
    "warn_units_suspect": "Размеры выглядят неправдоподобно для миллиметров: проверьте единицы.",
    "warn_cnc_unreachable": "Часть поверхности недоступна фрезе с трёх осей.",
}

RU.update(RU_WORDING)
# Revisions and re-orders keep their texts in their own module.
EN.update(revisions.EN)
RU.update(revisions.RU)

EN.update(REVIEW_EN)
RU.update(REVIEW_RU)
EN.update(PROFILE_EN)
RU.update(PROFILE_RU)
EN.update(PAYMENTS_EN)
RU.update(PAYMENTS_RU)
EN.update(CLAIMS_EN)
RU.update(CLAIMS_RU)
EN.update(SHIPPING_EN)
RU.update(SHIPPING_RU)
EN.update(PHOTOS_EN)
RU.update(PHOTOS_RU)
EN.update(CERTIFICATES_EN)
RU.update(CERTIFICATES_RU)
EN.update(FIRST_ARTICLE_EN)
RU.update(FIRST_ARTICLE_RU)
LOCALES = {"en": EN, "ru": RU}


class _Strict(dict[str, str]):
    """Template values; a placeholder without a value raises, so the caller falls back."""

    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def language_of(code: str | None) -> str:
    """The locale for a Telegram `language_code` (`ru`, `ru-RU` → ru; anything else → en)."""
    base = (code or "").split("-")[0].lower()
    return base if base in LOCALES else DEFAULT


class Translator:
    """Texts in one language; `tr("key", name=...)` formats one."""

    def __init__(self, language: str = DEFAULT) -> None:
        self.language = language if language in LOCALES else DEFAULT
        self._texts = LOCALES[self.language]

    def __call__(self, key: str, **values: Any) -> str:
        """The text `key`, formatted with `values` (English when this locale lacks it)."""
        template = self._texts.get(key) or EN[key]
        return template.format(**values)

    def geometry_error(self, code: str, message: str) -> str:
        """Why a file could not be measured, by its stable code (else the English `message`)."""
        return self._texts.get(f"error_{code}", message)

    def colour(self, name: str) -> str:
        """A rate card's colour in this language (the card's own word when there is no text)."""
        return colour_name(name, self.language)

    def warning(self, code: str, message: str) -> str:
        """A geometry warning in this language (the report's English sentence by default)."""
        return self._texts.get(f"warn_{code}", message)

    def backend_error(self, code: str, message: str) -> str:
        """A backend error by its code in this language (else the backend's own sentence)."""
        return self.geometry_error(code, message)

    def name(self, english: str, russian: str | None) -> str:
        """A rate-card name: the Russian one for Russian speakers when the card has it."""
        return russian if self.language == "ru" and russian else english

    def line_label(self, code: str, label: str, args: dict[str, str], **extra: str) -> str:
        """A quote line's label in this language, by its code (else the English `label`).

        `extra` gives values the bot words itself (money with its sign).
        """
        return self._coded(f"line_{code}", label, args, extra)

    def reason(self, code: str, message: str, args: dict[str, str]) -> str:
        """Why a choice is refused or must be checked, by its code (else the English)."""
        key = f"reason_{code}"
        values = dict(args)
        if code == "undercut" and args.get("allowed") == "0":
            key = "reason_undercut_straight"
        if code == "enclosed_void":
            trap = self._texts.get(f"void_trap_{args.get('process', '')}")
            if trap is None:
                return message
            values["trap"] = trap
        return self._coded(key, message, values, {})

    def _coded(self, key: str, english: str, args: dict[str, str], extra: dict[str, str]) -> str:
        template = self._texts.get(key) if self.language != DEFAULT else None
        if template is None:
            return english
        values = _Strict(russian_args(args))
        if "lead" in args:
            values["lead"] = self._texts.get(f"lead_{args['lead']}", args["lead"])
        values.update(extra)
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError):
            return english  # a line the backend words differently now: its English stands
