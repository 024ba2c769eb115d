"""The documents' words, money and dates in English and Russian.

The document is written on the server (the bot only fetches it), so its texts live
here, not in the bot's i18n; the keys are the same in both languages (a test holds it).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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
    },
}

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
