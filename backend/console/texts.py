"""The console's words in English and Russian, for staff reading it in either.

The language is the browser's: Russian when the first language in `Accept-Language` is
Russian, English otherwise (nothing is stored). Templates call `t("key")`, or
`t("key", n=3)` with values to fill in. The payment pages (issue 13) speak both; the older
pages are still English only and can move their labels here one by one.
"""

from __future__ import annotations

from typing import Any, Literal

from jinja2 import pass_context
from jinja2.runtime import Context

Language = Literal["en", "ru"]

_TEXTS: dict[str, tuple[str, str]] = {
    # payment states (the board's badge) and modes
    "unpaid": ("unpaid", "не оплачен"),
    "deposit_paid": ("deposit paid", "предоплата внесена"),
    "paid": ("paid", "оплачен"),
    "partially_refunded": ("partially refunded", "частично возвращён"),
    "refunded": ("refunded", "возвращён"),
    "on_account": ("on account", "по договору"),
    "none": ("payment off", "оплата отключена"),
    "mode.none": ("payment off", "оплата отключена"),
    "mode.telegram": ("paid in chat", "оплата в чате"),
    "mode.account": ("on account", "по договору с отсрочкой"),
    "awaiting_hint": (
        "waiting for the customer to pay in chat; approve once paid",
        "ждут оплаты клиентом в чате; одобрить можно после оплаты",
    ),
    # the order page's Payment section
    "payment": ("Payment", "Оплата"),
    "buyer": ("Buyer", "Покупатель"),
    "vat_id": ("VAT ID", "ИНН плательщика НДС"),
    "ship_to": ("Ship to", "Адрес доставки"),
    "no_address": (
        "not given yet (the payment form asks for it)",
        "ещё не указан (его спросит форма оплаты)",
    ),
    "goods": ("Goods", "Детали"),
    "shipping": ("Shipping", "Доставка"),
    "not_chosen": ("not chosen yet", "ещё не выбрана"),
    "days": ("+{days} d", "+{days} дн."),
    "tax": ("Tax ({rate}%)", "Налог ({rate}%)"),
    "reverse_charge": (
        "Reverse charge: VAT to be accounted for by the recipient",
        "Обратное начисление: НДС уплачивает получатель",
    ),
    "total": ("Total", "Итого"),
    "deposit": ("Deposit", "Предоплата"),
    "paid_net": ("Paid (less refunds)", "Оплачено (за вычетом возвратов)"),
    "refunded_sum": ("Refunded", "Возвращено"),
    "balance": ("Balance", "Остаток к оплате"),
    "no_checkout": (
        "Placed before checkout: no payment data.",
        "Заказ оформлен до появления оплаты: данных об оплате нет.",
    ),
    "invoices": ("Invoices", "Счета"),
    "payments": ("Payments received", "Полученные платежи"),
    "refunds": ("Refunds", "Возвраты"),
    "none_yet": ("None yet.", "Пока нет."),
    "refund": ("Refund", "Вернуть деньги"),
    "amount_in": ("Amount ({currency})", "Сумма ({currency})"),
    "refund_reason": ("Reason (the customer sees it)", "Причина (её увидит клиент)"),
    # table heads
    "col.number": ("no.", "№"),
    "col.order": ("order", "заказ"),
    "col.customer": ("customer", "клиент"),
    "col.kind": ("kind", "вид"),
    "col.amount": ("amount", "сумма"),
    "col.issued": ("issued", "выставлен"),
    "col.due": ("due", "срок оплаты"),
    "col.paid": ("paid", "оплачен"),
    "col.charge": ("provider charge", "платёж у провайдера"),
    "col.when": ("when (UTC)", "когда (UTC)"),
    "col.reason": ("reason", "причина"),
    "col.who": ("who", "кто"),
    # invoices and payments by kind
    "kind.full": ("full", "полная оплата"),
    "kind.deposit": ("deposit", "предоплата"),
    "kind.balance": ("balance", "остаток"),
    "kind.account": ("on account", "по договору"),
    "kind.transfer": ("bank transfer", "банковский перевод"),
    "order_n": ("order {number}", "заказ {number}"),
    "overdue": ("overdue", "просрочен"),
    "open": ("unpaid", "не оплачен"),
    "mark_paid": ("Mark paid", "Отметить оплату"),
    "invoices_intro": (
        "Unpaid invoices past their due date first, then the rest, newest first. Mark an invoice"
        " paid when its bank transfer arrives.",
        "Сначала неоплаченные счета с истёкшим сроком, затем остальные, новые выше. Отметьте"
        " оплату, когда придёт банковский перевод.",
    ),
    "overdue_count": ("{count} overdue", "просрочено: {count}"),
    # metrics
    "period.month": ("this month", "в этом месяце"),
    "period.30d": ("last 30 days", "за 30 дней"),
    "collected": ("collected, {period}", "получено, {period}"),
    "invoiced": ("invoiced, {period}", "выставлено, {period}"),
    "received_less": (
        "{received} received less {refunded} refunded",
        "{received} получено минус {refunded} возвращено",
    ),
    "invoiced_note": ("invoices issued, tax included", "выставленные счета, с налогом"),
    # claims after delivery (issue 16)
    "claims": ("Claims", "Претензии"),
    "claims_intro": (
        "What customers reported after delivery. Decide each once: remake (a linked order at no"
        " charge, scheduled like any other), refund (before tax, at most the order's total) or"
        " reject with a reason; the customer is told in chat. The order page shows the QC and"
        " packing evidence beside its claims.",
        "Что клиенты сообщили после доставки. Решение принимается один раз: переделка (связанный"
        " бесплатный заказ, планируется как любой другой), возврат (без налога, не больше суммы"
        " заказа) или отказ с причиной; клиент узнаёт о решении в чате. На странице заказа рядом"
        " с претензиями — фото ОТК и упаковки.",
    ),
    "claim.all": ("all", "все"),
    "claim.none": ("No claims.", "Претензий нет."),
    "claim.status.open": ("open", "открыта"),
    "claim.status.remade": ("remade", "переделка"),
    "claim.status.refunded": ("refunded", "возврат"),
    "claim.status.rejected": ("rejected", "отказ"),
    "claim.decision": ("decision", "решение"),
    "claim.decide": ("Decide", "Решить"),
    "claim.decide.remake": ("Remake at no charge", "Переделать бесплатно"),
    "claim.decide.refund": ("Partial refund", "Частичный возврат"),
    "claim.decide.reject": ("Reject", "Отказать"),
    "claim.refund_amount": ("refund, {currency} before tax", "возврат, {currency} без налога"),
    "claim.note": (
        "note to the customer (required to reject)",
        "комментарий клиенту (для отказа обязателен)",
    ),
    "claim.remade_as": ("Remade as", "Переделка — заказ"),
    "claim.refunded": ("Refunded {amount} {currency}", "Возвращено {amount} {currency}"),
    "claim.rates": (
        "Claim rate per process and material",
        "Доля претензий по процессам и материалам",
    ),
    "claim.material": ("material", "материал"),
    "claim.delivered": ("delivered orders", "доставлено заказов"),
    "claim.rate": ("claim rate", "доля претензий"),
    "err.bad_refund": (
        "Give the refund before tax: above zero and at most the order's total.",
        "Укажите сумму возврата без налога: больше нуля и не больше суммы заказа.",
    ),
    "err.note_required": ("Say why the claim is rejected.", "Укажите причину отказа."),
    "err.claim_decided": ("This claim was decided already.", "По этой претензии уже есть решение."),
    # the machines page (issue 15)
    "machines": ("Machines", "Оборудование"),
    "machines_intro": (
        "The rate card's machines and stations with their shifts. A machine marked down takes no"
        " work for that period; ending a period frees it from now on. Times are the shop's"
        " (UTC{offset}).",
        "Оборудование и участки из прайс-листа и их смены. На отмеченное время простоя станок не"
        " получает работ; завершённый простой освобождает его с этого момента. Время местное"
        " (UTC{offset}).",
    ),
    "col.machine": ("machine", "станок"),
    "col.process": ("process", "процесс"),
    "col.units": ("units", "шт."),
    "col.unit": ("unit", "номер станка"),
    "all_units": ("unit (all)", "номер (все)"),
    "unit_n": ("unit {unit}", "№ {unit}"),
    "col.shift": ("shift", "смена"),
    "col.days": ("days", "дни"),
    "col.holidays": ("holidays", "выходные"),
    "col.downtime": ("down", "простой"),
    "col.from": ("from", "с"),
    "col.to": ("to", "по"),
    "station": ("station", "участок"),
    "down_now": ("down now", "простаивает"),
    "up": ("working", "работает"),
    "mark_down": ("Mark down", "Отметить простой"),
    "mark_down_title": ("Mark a machine down", "Отметить простой"),
    "end_period": ("End now", "Завершить"),
    "remove_period": ("Remove", "Отменить"),
    "by_who": ("by {who}", "отметил {who}"),
    "day.1": ("Mon", "пн"),
    "day.2": ("Tue", "вт"),
    "day.3": ("Wed", "ср"),
    "day.4": ("Thu", "чт"),
    "day.5": ("Fri", "пт"),
    "day.6": ("Sat", "сб"),
    "day.7": ("Sun", "вс"),
    "err.unknown_machine": (
        "No such machine in the rate card.",
        "В прайс-листе нет такого станка.",
    ),
    "err.bad_period": (
        "The period must end after it starts.",
        "Простой должен закончиться позже, чем начался.",
    ),
    "err.period_too_long": (
        "A period may last at most 366 days.",
        "Простой может длиться не больше 366 дней.",
    ),
    "err.outside_horizon": (
        "The period must end after now and begin within 366 days.",
        "Простой должен закончиться в будущем и начаться в ближайшие 366 дней.",
    ),
    "err.unknown_unit": (
        "The machine has no unit with that number.",
        "У станка нет такого номера.",
    ),
    "err.downtime_over": ("This period is over already.", "Этот простой уже завершён."),
    "err.not_found": ("No such period.", "Такого простоя нет."),
    "err.invalid_request": (
        "Give both times as a date and time, and a reason of up to 200 characters.",
        "Укажите оба времени (дату и время) и причину длиной до 200 символов.",
    ),
    # the schedule page (issue 15)
    "schedule": ("Schedule", "График"),
    "schedule_intro": (
        "Each machine's jobs over the next 14 days: a day's cell is the machine's shift, empty"
        " space is idle time, hatched days are off, grey hatched blocks are downtime (with its"
        " reason). A shared SLS/MJF build is one block with its fill and the orders it carries."
        " Times are the shop's (UTC{offset}). Click a job to move it on its order's page.",
        "Работы каждого станка на 14 дней вперёд: ячейка дня — смена станка, пустое место —"
        " простой без работы, штриховка — нерабочий день, серые заштрихованные блоки — простой"
        " станка (с причиной). Общая порошковая сборка — один блок с заполнением и её заказами."
        " Время местное (UTC{offset}). Нажмите на работу, чтобы перенести её на странице заказа.",
    ),
    "build_label": (
        "Build {number} · {fill} % · {orders} orders",
        "Сборка {number} · {fill} % · заказов: {orders}",
    ),
    "build_orders": ("orders {numbers}", "заказы {numbers}"),
    "down_label": ("down: {reason}", "простой: {reason}"),
    "utilisation_note": (
        "Booked hours over the hours each machine could work that week: its shifts' working"
        " hours (all units) less the hours it is marked down.",
        "Занятые часы к часам, которые станок мог работать за неделю: рабочие часы смен (всех"
        " единиц) минус часы отмеченного простоя.",
    ),
    "col.down_hours": ("down, h", "простой, ч"),
    "on_time_rate": ("Shipped on time, last 30 days", "Отгружено в срок за 30 дней"),
    "on_time_of": ("{on_time} of {shipped} orders", "{on_time} из {shipped} заказов"),
    "unpromised": ("{n} had no promised date", "у {n} не было обещанной даты"),
    "none_shipped": ("no orders shipped", "отгрузок не было"),
    "utilisation": ("Utilisation", "Загрузка"),
    "col.week": ("week from", "неделя с"),
    "col.booked": ("booked, h", "занято, ч"),
    "col.working": ("working, h", "рабочих, ч"),
    "work.post": ("post", "постобработка"),
    "work.qc": ("QC", "ОТК"),
    "work.pack": ("pack", "упаковка"),
    "work.first": ("first article ({process})", "первый образец ({process})"),
    "work.first_qc": ("first article QC", "ОТК первого образца"),
}


def words() -> dict[str, tuple[str, str]]:
    """Every key the console has words for, with its English and Russian (unfilled)."""
    return dict(_TEXTS)


def staff_language(accept_language: str | None) -> Language:
    """Russian when the browser's first language is Russian, English otherwise."""
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    return "ru" if first == "ru" or first.startswith("ru-") else "en"


def text(key: str, language: Language, **values: Any) -> str:
    """The words for `key` in `language`, values filled in; an unknown key shows as itself."""
    english, russian = _TEXTS.get(key, (key, key))
    return (russian if language == "ru" else english).format(**values)


@pass_context
def language(context: Context) -> Language:
    """`language()` in templates: the language of the browser asking."""
    request = context.get("request")
    return staff_language(None if request is None else request.headers.get("accept-language"))


@pass_context
def t(context: Context, key: str, **values: Any) -> str:
    """`t("key")` in templates: the words in the language of the browser asking."""
    return text(key, language(context), **values)
