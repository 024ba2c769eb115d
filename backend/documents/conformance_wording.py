"""The certificate of conformance's words in English and Russian (merged into `wording.TEXTS`).

Kept apart so the certificate's texts and the other documents' change without touching
each other; the keys are the same in both languages (tests/test_backend/test_documents.py).
"""

from __future__ import annotations

CONFORMANCE_EN: dict[str, str] = {
    "certificate_title": "Certificate of Conformance",
    "issued": "Issued",
    "revision": "Revision",
    "product": "Product",
    "lots_used": "Material lots",
    "first_article": "First article",
    "first_article_approved": "approved by the customer on {date} (round {round})",
    "lot_not_recorded": "not recorded",
    "quantity_ordered": "Quantity ordered",
    "quantity_shipped": "Quantity shipped",
    "inspection": "Inspection",
    "characteristic": "Characteristic",
    "nominal": "Nominal",
    "limits": "Limits",
    "sample": "Sample",
    "measured": "Measured",
    "defects": "Defects",
    "result": "Result",
    "result_pass": "pass",
    "result_fail": "fail",
    "verdict": "Lot verdict",
    "verdict_accepted": "accepted",
    "verdict_rejected": "rejected",
    "sampling": "Sampling basis",
    "inspector": "Inspector",
    "inspected_on": "Inspected on",
    "carrier": "Carrier",
    "tracking_number": "Tracking",
    "statement_title": "Statement of conformance",
    "statement": "We certify that the parts of order {number} ({quantity}) were made and "
    "inspected as stated above and conform to the order's specifications.",
    "size_axis": "Overall size {axis}",
    "sampling_console": "Outer dimensions of {sample} of {count} parts measured against the "
    "model's size ±{tolerance} mm; every part looked at and counted",
    "sampling_plan": "ISO 2859-1, general inspection level II, single sampling, normal "
    "inspection: lot of {lot}, code letter {letter}; {plans}",
}

CONFORMANCE_RU: dict[str, str] = {
    "certificate_title": "Сертификат соответствия",
    "issued": "Дата выдачи",
    "revision": "Редакция",
    "product": "Изделие",
    "lots_used": "Партии материала",
    "first_article": "Первый образец",
    "first_article_approved": "одобрен заказчиком {date} (образец {round})",
    "lot_not_recorded": "не записана",
    "quantity_ordered": "Заказано",
    "quantity_shipped": "Отгружено",
    "inspection": "Контроль",
    "characteristic": "Параметр",
    "nominal": "Номинал",
    "limits": "Пределы",
    "sample": "Выборка",
    "measured": "Измерено",
    "defects": "Дефекты",
    "result": "Результат",
    "result_pass": "годен",
    "result_fail": "не годен",
    "verdict": "Решение по партии",
    "verdict_accepted": "принята",
    "verdict_rejected": "отклонена",
    "sampling": "Основание выборки",
    "inspector": "Контролёр",
    "inspected_on": "Дата контроля",
    "carrier": "Перевозчик",
    "tracking_number": "Трек-номер",
    "statement_title": "Заявление о соответствии",
    "statement": "Настоящим подтверждаем, что детали заказа {number} ({quantity}) изготовлены "
    "и проверены, как указано выше, и соответствуют требованиям заказа.",
    "size_axis": "Габарит по оси {axis}",
    "sampling_console": "Габариты {sample} из {count} шт. измерены и сравнены с размерами "
    "модели ±{tolerance} мм; все детали осмотрены и пересчитаны",
    "sampling_plan": "ISO 2859-1, общий уровень контроля II, одноступенчатый нормальный "
    "контроль: партия {lot} шт., кодовая буква {letter}; {plans}",
}
