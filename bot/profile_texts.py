"""Texts of the customer profile and the address questions, in English and Russian."""

from __future__ import annotations

PROFILE_EN: dict[str, str] = {
    "profile_ask_name": "👤 What name should go on your orders?",
    "profile_ask_company": "🏢 Your company, if you order for one:",
    "profile_ask_email": "✉️ Your e-mail, for confirmations and invoices:",
    "profile_ask_phone": (
        "📞 Your phone number, for the courier: tap the button below to share it, or type it "
        "with the country code."
    ),
    "profile_share_phone": "📱 Share my number",
    "profile_phone_saved": "📞 {phone}",
    "profile_not_own_contact": (
        "That is someone else's contact: share your own, or type your number."
    ),
    "profile_ask_vat_id": "🧾 Your EU VAT ID, if you buy for a business (like DE123456789):",
    "profile_skip": "Skip ›",
    "profile_head": "👤 <b>Your profile</b>",
    "profile_name": "Name: {name}",
    "profile_company": "Company: {company}",
    "profile_email": "E-mail: {email}",
    "profile_phone": "Phone: {phone}",
    "profile_vat_id": "VAT ID: {vat_id}",
    "profile_reverse_charge": "VAT ID: {vat_id} · reverse charge applies",
    "profile_on_account": "On account, NET {days}",
    "profile_missing": "—",
    "profile_addresses": "<b>Addresses</b>",
    "profile_no_addresses": "No address yet.",
    "profile_default": "⭐ default",
    "profile_edit_name": "✏️ Name",
    "profile_edit_company": "✏️ Company",
    "profile_edit_email": "✏️ E-mail",
    "profile_edit_phone": "✏️ Phone",
    "profile_edit_vat_id": "✏️ VAT ID",
    "profile_add_address": "➕ Add address",
    "profile_make_default": "⭐ Default: {n}",
    "profile_remove_address": "🗑 Remove {n}",
    "profile_saved": "Saved.",
    "profile_too_long": "Please type it in words and digits, at most {limit} characters.",
    "address_ask_recipient": "📦 Who receives the parts? Type a name, or use yours.",
    "address_use_name": "Use: {name}",
    "address_ask_line1": "🏠 Street and house number:",
    "address_ask_line2": "Second line (building, floor, c/o), if any:",
    "address_ask_postcode": "Postcode:",
    "address_ask_city": "City:",
    "address_ask_country": "🌍 Country: tap one, or type its name or two-letter code.",
    "address_bad_country": (
        "I don't know that country: type its name or its two-letter code, like DE."
    ),
    "address_saved": "✅ Address saved.",
    "staff_buyer": "👤 {who}",
}

PROFILE_RU: dict[str, str] = {
    "profile_ask_name": "👤 На какое имя оформлять заказы?",
    "profile_ask_company": "🏢 Ваша компания, если заказываете от её имени:",
    "profile_ask_email": "✉️ Ваша электронная почта для подтверждений и счетов:",
    "profile_ask_phone": (
        "📞 Ваш телефон для курьера: нажмите кнопку ниже, чтобы поделиться им, или напишите "
        "номер с кодом страны."
    ),
    "profile_share_phone": "📱 Поделиться номером",
    "profile_phone_saved": "📞 {phone}",
    "profile_not_own_contact": "Это чужой контакт: поделитесь своим или напишите номер.",
    "profile_ask_vat_id": (
        "🧾 Ваш номер плательщика НДС в ЕС, если покупаете для компании (код страны и номер):"
    ),
    "profile_skip": "Пропустить ›",
    "profile_head": "👤 <b>Ваш профиль</b>",
    "profile_name": "Имя: {name}",
    "profile_company": "Компания: {company}",
    "profile_email": "Почта: {email}",
    "profile_phone": "Телефон: {phone}",
    "profile_vat_id": "Номер плательщика НДС: {vat_id}",
    "profile_reverse_charge": "Номер плательщика НДС: {vat_id} · НДС уплачивает покупатель",
    "profile_on_account": "Оплата по счёту, отсрочка {days} дн.",
    "profile_missing": "—",
    "profile_addresses": "<b>Адреса</b>",
    "profile_no_addresses": "Адресов пока нет.",
    "profile_default": "⭐ основной",
    "profile_edit_name": "✏️ Имя",
    "profile_edit_company": "✏️ Компания",
    "profile_edit_email": "✏️ Почта",
    "profile_edit_phone": "✏️ Телефон",
    "profile_edit_vat_id": "✏️ Номер НДС",
    "profile_add_address": "➕ Добавить адрес",
    "profile_make_default": "⭐ Основной: {n}",
    "profile_remove_address": "🗑 Удалить {n}",
    "profile_saved": "Сохранено.",
    "profile_too_long": "Напишите это буквами и цифрами, не больше {limit} знаков.",
    "address_ask_recipient": "📦 Кто получит детали? Напишите имя или возьмите своё.",
    "address_use_name": "Взять: {name}",
    "address_ask_line1": "🏠 Улица и номер дома:",
    "address_ask_line2": "Вторая строка (корпус, этаж, для кого), если нужна:",
    "address_ask_postcode": "Почтовый индекс:",
    "address_ask_city": "Город:",
    "address_ask_country": "🌍 Страна: нажмите кнопку или напишите название или двухбуквенный код.",
    "address_bad_country": "Не знаю такой страны: напишите её название или двухбуквенный код.",
    "address_saved": "✅ Адрес сохранён.",
    "staff_buyer": "👤 {who}",
    # The backend's refusals, by code (English speakers read the backend's own sentence).
    "error_invalid_name": "Имя не подходит: от 1 до 100 знаков, без служебных символов.",
    "error_invalid_email": "Это не адрес электронной почты; он выглядит так: имя@пример.рф.",
    "error_invalid_phone": (
        "По этому номеру не дозвониться; напишите его с кодом страны, например +7 916 123-45-67."
    ),
    "error_invalid_vat_id": (
        "Это не номер плательщика НДС в ЕС: он начинается с кода страны (две латинские буквы), "
        "за ним номер, и контрольные цифры должны сходиться."
    ),
    "error_invalid_postcode": "Индекс не подходит для этой страны; проверьте его.",
    "error_country_not_shipped": "В эту страну мы не отправляем; выберите другую.",
    "error_address_incomplete": "В адресе не хватает поля; заполните его.",
}
