"""Texts of evidence photos, in English and Russian (merged into `bot.i18n`).

The staff group's answers to a photo replying to an order's card, and the customer's
"Photos" button and the captions of the album it sends.
"""

from __future__ import annotations

PHOTOS_EN: dict[str, str] = {
    # The staff group.
    "staff_photo_saved": "📷 Photo saved to #{number} ({stage}).",
    "staff_photo_not_staff": "Only staff can add photos to orders; this photo was not saved.",
    "staff_photo_no_card": (
        "To save a photo to an order, send it as a reply to the order's card. "
        "This photo was not saved."
    ),
    "staff_photo_which_stage": (
        "Order #{number} is {status}: write “qc” or “packing” in the photo's caption "
        "to say which it shows. This photo was not saved."
    ),
    "staff_photo_refused": "The photo was not saved to #{number}: {reason}",
    "staff_photo_stage_qc": "QC",
    "staff_photo_stage_packing": "packing",
    # The customer.
    "photos_button": "📷 Photos ({count})",
    "photos_none": "There are no photos of order #{number} yet.",
    "photo_caption": "#{number} · {stage} · {date}",
    "photo_stage_qc": "quality check",
    "photo_stage_packing": "packing",
    "photo_stage_claim": "claim",
}

PHOTOS_RU: dict[str, str] = {
    "staff_photo_saved": "📷 Фото сохранено в №{number} ({stage}).",
    "staff_photo_not_staff": "Добавлять фото к заказам могут только сотрудники; фото не сохранено.",
    "staff_photo_no_card": (
        "Чтобы сохранить фото к заказу, отправьте его ответом на карточку заказа. "
        "Это фото не сохранено."
    ),
    "staff_photo_which_stage": (
        "Заказ №{number}: {status}. Напишите в подписи к фото «qc» или «packing» "
        "(«ОТК» или «упаковка»), чтобы указать этап. Фото не сохранено."
    ),
    "staff_photo_refused": "Фото не сохранено в №{number}: {reason}",
    "staff_photo_stage_qc": "ОТК",
    "staff_photo_stage_packing": "упаковка",
    "photos_button": "📷 Фото ({count})",
    "photos_none": "Фотографий заказа №{number} пока нет.",
    "photo_caption": "№{number} · {stage} · {date}",
    "photo_stage_qc": "контроль качества",
    "photo_stage_packing": "упаковка",
    "photo_stage_claim": "претензия",
    # The backend's refusals by code (English keeps the backend's own sentence).
    "error_too_many_photos": "у заказа уже наибольшее число фото на этом этапе.",
    "error_order_not_in_production": "заказ ещё не в работе (или отменён), фото к нему не нужны.",
    "error_not_an_image": "это не фото: нужны PNG, JPEG или WebP.",
    "error_photo_too_large": "фото больше 10 МБ.",
}
