"""The documents' words, money and dates in English and Russian.

The document is written on the server (the bot only fetches it), so its texts live
here, not in the bot's i18n; the keys are the same in both languages (a test holds it).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from backend.documents.conformance_wording import CONFORMANCE_EN, CONFORMANCE_RU
from backend.documents.model import Language

TEXTS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Quote",
        "number": "Number",
        "date": "Date",
        "valid_until": "Valid until",
        "expired": "This quote has expired: ask for a new one.",
        "customer": "Customer",
        "telegram_user": "Telegram user {id}",
        "part": "Part",
        "file": "File",
        "size": "Size",
        "volume": "Volume",
        "bodies": "Bodies",
        "quantity": "Quantity",
        "pieces": "{n} pcs",
        "description": "Description",
        "qty": "Qty",
        "unit_price": "Unit price",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "tax": "{label} {rate}",
        "total": "Total with {label}",
        "lead_time": "Lead time",
        "lead_days": "{n} working days",
        "ship_date": "Ship date",
        "specifications": "Specifications and assumptions",
        "review_title": "Estimate: a person confirms this price",
        "review_body": "This price is not yet firm; the shop answers with the confirmed price.",
        "terms": "Terms",
        "contact": "Contact",
        "tax_id": "Tax ID",
        "payment": "Payment details",
        "page": "Page {page} of {pages}",
        "reference": "Reference",
        "units": "Units",
        "process": "Process",
        "material": "Material",
        "tolerance": "Tolerance",
        "finish": "Finish",
        "finish_none": "as made",
        "threads": "Threads",
        "inserts": "Threaded inserts",
        "colour": "Colour",
        "note": "Note",
        "unit_mm": "millimetres",
        "unit_inch": "inches",
        "unit_m": "metres",
        "lead": "Delivery",
        "lead_economy": "Economy",
        "lead_standard": "Standard",
        "lead_express": "Express",
        # order confirmations and invoices
        "confirmation_title": "Order confirmation",
        "invoice_title": "Invoice",
        "order_number": "Order",
        "due_date": "Due",
        "due_on_receipt": "on receipt",
        "confirmed": "Thank you for your order. We make the parts below and ship them on the "
        "date shown.",
        "buyer": "Buyer",
        "ship_to": "Ship to",
        "company": "Company",
        "email": "E-mail",
        "phone": "Phone",
        "vat_id": "VAT ID",
        "shipping_line": "Shipping: {method}",
        "shipping_method": "Shipping method",
        "paid_on": "{label}, {date}",
        "payment_full": "Paid",
        "payment_deposit": "Deposit paid",
        "payment_balance": "Balance paid",
        "payment_transfer": "Bank transfer received",
        "due_now": "Amount due",
        "due_deposit": "Deposit due now ({share})",
        "balance": "Balance to pay",
        "reverse_charge": "Reverse charge: VAT to be accounted for by the recipient "
        "(Art. 196 Directive 2006/112/EC)",
        "net_terms": "Payment terms: NET {days}, due {date}",
        "transfer_to": "Please transfer {amount} to the account below, quoting {reference}.",
        # job travellers (staff's papers on the shop floor)
        "traveller_title": "Job traveller",
        "step": "Step",
        "job": "Job",
        "job_make": "Production",
        "job_post": "Post-processing",
        "job_qc": "Quality control",
        "job_pack": "Packing",
        "machine": "Machine",
        "machine_unit": "{name}, unit {unit} of {count}",
        "planned_start": "Planned start",
        "planned_end": "Planned end",
        "qc_plan": "QC plan",
        "qc_dimensions": "Overall size {size} within ±{tolerance} mm ({name}); measure {sample}",
        "qc_drawing": "Dimensions per the customer's drawing, at least ±{tolerance} mm; "
        "measure {sample}",
        "qc_tier": "Overall size {size} to {name}; measure {sample}",
        "qc_every": "every part",
        "qc_sample": "a sample of {n} of {total} (ISO 2859-1, level II, AQL {aql})",
        "qc_threads": "Threads {count} × {size}: go/no-go gauge on every part",
        "qc_inserts": "Inserts {count} × {size}: seated flush and square, thread clear, "
        "on every part",
        "qc_finish": "Finish {name}: even, no bare spots or runs",
        "qc_colour": "Colour {colour} as ordered, the same on every part",
        "qc_bodies": "Every set has all {n} pieces",
        "qc_note": "The customer's note (see specifications) is met",
        "qc_count": "Count: {n} good; rejects set aside and recorded",
        "qc_look_fdm": "Supports removed; no stringing, warping or layer shifts",
        "qc_look_sla": "Supports removed and marks sanded; fully cured, not tacky",
        "qc_look_powder": "Depowdered, holes and channels too; no unfused or rough patches",
        "qc_look_cnc": "Deburred: no sharp edges; no chatter or tool marks",
        "qc_look_casting": "No bubbles, voids or short fills; gates trimmed",
        "qc_look_moulding": "No flash, sink marks or short shots; gate trimmed",
        "qc_look_other": "No cracks, warping or damage",
        "lot": "Material lot / spool",
        "sign_off": "Sign-off",
        "done_by": "Done by",
        "signature": "Signature",
    },
    "ru": {
        "title": "Коммерческое предложение",
        "number": "Номер",
        "date": "Дата",
        "valid_until": "Действует до",
        "expired": "Срок предложения истёк: запросите новое.",
        "customer": "Заказчик",
        "telegram_user": "Пользователь Telegram {id}",
        "part": "Деталь",
        "file": "Файл",
        "size": "Размер",
        "volume": "Объём",
        "bodies": "Число тел",
        "quantity": "Количество",
        "pieces": "{n} шт.",
        "description": "Наименование",
        "qty": "Кол-во",
        "unit_price": "Цена за ед.",
        "amount": "Сумма",
        "subtotal": "Итого без налога",
        "tax": "{label} {rate}",
        "total": "Итого с {label}",
        "lead_time": "Срок изготовления",
        "lead_days": "{n} раб. дн.",
        "ship_date": "Дата отгрузки",
        "specifications": "Параметры и допущения",
        "review_title": "Оценка: цену подтвердит сотрудник",
        "review_body": "Цена пока предварительная; мастерская пришлёт подтверждённую цену.",
        "terms": "Условия",
        "contact": "Контакты",
        "tax_id": "ИНН",
        "payment": "Реквизиты для оплаты",
        "page": "Страница {page} из {pages}",
        "reference": "Ссылка",
        "units": "Единицы",
        "process": "Технология",
        "material": "Материал",
        "tolerance": "Допуск",
        "finish": "Обработка",
        "finish_none": "без обработки",
        "threads": "Резьба",
        "inserts": "Резьбовые вставки",
        "colour": "Цвет",
        "note": "Комментарий",
        "unit_mm": "миллиметры",
        "unit_inch": "дюймы",
        "unit_m": "метры",
        "lead": "Срочность",
        "lead_economy": "Эконом",
        "lead_standard": "Стандарт",
        "lead_express": "Срочно",
        # order confirmations and invoices
        "confirmation_title": "Подтверждение заказа",
        "invoice_title": "Счёт",
        "order_number": "Заказ",
        "due_date": "Оплатить до",
        "due_on_receipt": "по получении",
        "confirmed": "Спасибо за заказ. Мы изготовим детали, указанные ниже, и отгрузим их "
        "в указанный день.",
        "buyer": "Покупатель",
        "ship_to": "Адрес доставки",
        "company": "Компания",
        "email": "Эл. почта",
        "phone": "Телефон",
        "vat_id": "Номер плательщика НДС",
        "shipping_line": "Доставка: {method}",
        "shipping_method": "Способ доставки",
        "paid_on": "{label}, {date}",
        "payment_full": "Оплачено",
        "payment_deposit": "Оплачен аванс",
        "payment_balance": "Оплачен остаток",
        "payment_transfer": "Получен перевод",
        "due_now": "К оплате",
        "due_deposit": "Аванс к оплате ({share})",
        "balance": "Остаток к оплате",
        "reverse_charge": "Обратное начисление: НДС уплачивает получатель "
        "(ст. 196 Директивы 2006/112/ЕС)",
        "net_terms": "Условия оплаты: отсрочка {days} дн., оплатить до {date}",
        "transfer_to": "Переведите {amount} на счёт, указанный ниже, с назначением платежа "
        "{reference}.",
        # job travellers (staff's papers on the shop floor)
        "traveller_title": "Маршрутный лист",
        "step": "Операция",
        "job": "Задание",
        "job_make": "Изготовление",
        "job_post": "Постобработка",
        "job_qc": "Контроль качества",
        "job_pack": "Упаковка",
        "machine": "Оборудование",
        "machine_unit": "{name}, ед. {unit} из {count}",
        "planned_start": "Плановое начало",
        "planned_end": "Плановое окончание",
        "qc_plan": "План контроля",
        "qc_dimensions": "Габариты {size} с допуском ±{tolerance} мм ({name}); измерить {sample}",
        "qc_drawing": "Размеры по чертежу заказчика, допуск не грубее ±{tolerance} мм; "
        "измерить {sample}",
        "qc_tier": "Габариты {size} по классу {name}; измерить {sample}",
        "qc_every": "каждую деталь",
        "qc_sample": "выборку {n} из {total} (ISO 2859-1, уровень II, AQL {aql})",
        "qc_threads": "Резьба {count} × {size}: калибр ПР/НЕ на каждой детали",
        "qc_inserts": "Вставки {count} × {size}: посажены заподлицо и ровно, резьба чистая, "
        "на каждой детали",
        "qc_finish": "Обработка «{name}»: равномерная, без пропусков и подтёков",
        "qc_colour": "Цвет «{colour}» как в заказе, одинаковый на всех деталях",
        "qc_bodies": "В каждом комплекте все {n} шт. частей",
        "qc_note": "Комментарий заказчика (см. параметры) выполнен",
        "qc_count": "Количество: {n} годных; брак отделён и записан",
        "qc_look_fdm": "Поддержки удалены; нет нитей, коробления и сдвига слоёв",
        "qc_look_sla": "Поддержки удалены, следы зашлифованы; полностью отверждена, не липнет",
        "qc_look_powder": "Порошок удалён, в том числе из отверстий и каналов; нет "
        "неспёкшихся и шероховатых мест",
        "qc_look_cnc": "Заусенцы сняты, острых кромок нет; нет вибрационных следов и "
        "следов инструмента",
        "qc_look_casting": "Нет пузырей, раковин и недоливов; литники срезаны",
        "qc_look_moulding": "Нет облоя, утяжин и недоливов; литник срезан",
        "qc_look_other": "Нет трещин, коробления и повреждений",
        "lot": "Партия материала / катушка",
        "sign_off": "Отметки о выполнении",
        "done_by": "Исполнитель",
        "signature": "Подпись",
    },
}
TEXTS["en"].update(CONFORMANCE_EN)
TEXTS["ru"].update(CONFORMANCE_RU)

#: Tax labels a rate card commonly uses, as a Russian reader knows them.
_TAX_RU = {"VAT": "НДС", "Tax": "Налог", "Sales tax": "Налог с продаж"}
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽"}
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
NBSP = "\u00a0"


def text(language: Language, key: str, **values: object) -> str:
    """The document's sentence `key` in `language`, with `values` filled in."""
    return TEXTS[language][key].format(**values)


def tax_label(language: Language, label: str) -> str:
    """The rate card's tax label as the reader's language names it."""
    return _TAX_RU.get(label, label) if language == "ru" else label


def number(value: Decimal | float, language: Language, digits: int = 2) -> str:
    """A number grouped by thousands: "1,234.50" in English, "1 234,50" in Russian."""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    grouped = f"{exact:,.{digits}f}"
    if language == "ru":
        return grouped.replace(",", NBSP).replace(".", ",")
    return grouped


def figure(value: Decimal | float, language: Language, digits: int = 3) -> str:
    """A measurement to `digits` places, no zeros after the mark: 2.500 reads 2.5, 1,200.0 1,200."""
    mark = "," if language == "ru" else "."
    whole, _, fraction = number(value, language, digits).partition(mark)
    fraction = fraction.rstrip("0")
    return f"{whole}{mark}{fraction}" if fraction else whole


def money(amount: Decimal, currency: str, language: Language, digits: int = 2) -> str:
    """An amount with its currency: "€1,234.50" in English, "1 234,50 €" in Russian.

    A negative amount (a discount) leads with a minus sign: "−€5.00", "−5,00 €".
    """
    symbol = _SYMBOLS.get(currency)
    sign = "−" if amount < 0 else ""  # a discount line (economy delivery) is negative
    shown = number(abs(amount), language, digits)
    if language == "ru" or symbol is None:
        return f"{sign}{shown}{NBSP}{symbol or currency}"
    return f"{sign}{symbol}{shown}"


def percent(rate: float, language: Language) -> str:
    """A tax rate: "20%" in English, "20 %" in Russian."""
    hundred = Decimal(str(rate)) * 100  # exact: 0.07 is 7, not 7.000000000000001
    shown = number(hundred, language, 0 if hundred % 1 == 0 else 1)
    return f"{shown}{NBSP}%" if language == "ru" else f"{shown}%"


def day(iso: str, language: Language) -> str:
    """A date as the reader writes it: "3 December 2026", "3 декабря 2026 г."."""
    when = date.fromisoformat(iso[:10])
    if language == "ru":
        return f"{when.day} {_MONTHS_RU[when.month - 1]} {when.year} г."
    return f"{when.day} {_MONTHS_EN[when.month - 1]} {when.year}"


def moment(when: datetime, language: Language) -> str:
    """A date and wall-clock time as `when` holds it: "3 December 2026, 08:00"."""
    return f"{day(when.date().isoformat(), language)}, {when:%H:%M}"
