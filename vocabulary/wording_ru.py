"""Russian for what the backend sends in English with a stable code: lines, reasons, errors.

Quote lines come with `code` and `args` (the values in the English label), refusal and
review reasons with theirs, backend errors with their code. English clients show the
backend's own sentence; Russian ones fill these templates. `bot.i18n` merges them into
its Russian texts, so `Translator` finds them like every other text, and the backend's
documents word their lines with the same templates (`line_label_ru`).

Plurals are avoided ("установок: 2") rather than guessed. Decimal numbers arrive
formatted by the backend ("0.12"). Machine names (brands: "Formlabs Form 4") are left
out of the Russian lines: the customer buys the process, not the machine.
"""

from __future__ import annotations

#: Quote lines by `Line.code`: the args are the English label's values ("_ru" names chosen).
LINES_RU: dict[str, str] = {
    "line_stock": "Заготовка, {material}: {size} мм, {kg} кг на деталь",
    "line_machining": "Фрезеровка: {minutes} мин на деталь (снимается {removed_cm3} см³)",
    "line_loading": "Установка в станок: установок на деталь — {setups}",
    "line_setup": "Наладка станка: {setups} × {hours} ч на партию",
    "line_programming": "Программирование: {hours} ч на партию",
    "line_deburr": "Снятие заусенцев, на деталь",
    "line_printed_material": (
        "{material}: {cm3} см³ на деталь (заполнение и поддержки), +{waste} отходов"
    ),
    "line_printing": "Печать: {hours} ч на деталь",
    "line_builds": (
        "Запуски печати: слоёв — {layers}, подготовка платформы, деталей за запуск — {per_build}"
    ),
    "line_post": "Постобработка, на деталь",
    "line_sintered_material": "{material}: {cm3} см³ на деталь",
    "line_powder_refresh": "Обновление порошка: {share} от {cake_cm3} см³ на деталь",
    "line_build_share": "Доля запуска: деталей за {hours}-часовой запуск — {per_build}",
    "line_depowder": "Очистка от порошка и пескоструйная обработка, на деталь",
    "line_master_pattern": "Мастер-модель: печать SLA со шлифовкой",
    "line_silicone_moulds": "Силиконовые формы: {cm3} см³ каждая, отливок с формы — {life}",
    "line_cast_material": "{material}: {cm3} см³ на деталь, +{waste} на литники",
    "line_casting": "Литьё в вакуумной камере: {minutes} мин на деталь",
    "line_demould": "Извлечение из формы и обрезка, на деталь",
    "line_tool": (
        "Алюминиевая пресс-форма: проекция {projected_cm2} см², боковых знаков — {sides}, "
        "ресурс — {life} циклов"
    ),
    "line_family_tool": (
        "Алюминиевая пресс-форма: гнёзд — {cavities} на {pieces} деталей, проекция "
        "{projected_cm2} см², боковых знаков — {sides}, ресурс — {life} циклов"
    ),
    "line_press_setup": "Наладка термопластавтомата: {hours} ч",
    "line_moulding": "Литьё: цикл {seconds} с на деталь",
    "line_moulding_set": "Литьё: цикл {seconds} с на деталь (впрысков на комплект — {shots})",
    "line_moulded_material": "{material}: {cm3} см³ на деталь, +{waste} на литники",
    "line_handling": "Обработка и упаковка, на деталь",
    "line_finish": "Отделка: {finish}",
    "line_inspection": "Контроль размеров ({tolerance}), на деталь",
    "line_threads": "Резьба: {count} × {size}, нарезка",
    "line_inserts": "Резьбовые вставки: {count} × {size}",
    "line_first_article": "Первый образец: одна деталь, согласованная до изготовления партии",
    "line_lead": "Срок «{lead}» ({change})",
    "line_minimum": "Доплата до минимальной суммы заказа {minimum}",
}

#: Refusal and review reasons by `Reason.code`.
REASONS_RU: dict[str, str] = {
    "reason_wall_too_thin": (
        "Стенки толщиной {wall} мм тоньше минимума для материала {material} ({minimum} мм); "
        "утолщите их хотя бы до {minimum} мм."
    ),
    "reason_enclosed_void": "В детали замкнутые полости ({voids} шт., {cm3} см³): {trap}.",
    "reason_too_large": (
        "Деталь ({size} мм) больше любого станка для процесса «{process}» "
        "(самый большой — {largest} мм)."
    ),
    "reason_unreachable_surface": (
        "{share} поверхности ({area} мм²) недоступно фрезе ни с одной стороны на трёхосевом "
        "станке; нужна пятиосевая обработка или доработка конструкции."
    ),
    "reason_undercut": (
        "Для поднутрений ({area} мм²) нужно боковых знаков — {sides}, а форма допускает "
        "не больше {allowed}: деталь не извлечь."
    ),
    "reason_undercut_straight": (
        "В детали есть поднутрения ({area} мм²), которые не извлечь из формы с прямым разъёмом."
    ),
    "reason_below_minimum_quantity": (
        "Литьё под давлением — от {minimum} шт.; для {quantity} шт. лучше подойдёт печать "
        "или вакуумное литьё."
    ),
    "reason_open_mesh": (
        "Модель не замкнута, поэтому объём оценочный; сотрудник проверит её и подтвердит цену."
    ),
    "reason_express_unavailable": (
        "Срочно сейчас не успеть: цех загружен. Выберите стандартный или экономный срок."
    ),
    # What an enclosed void traps, by process (`reason_enclosed_void`'s {trap}).
    "void_trap_sla": "внутри останется неотверждённая смола — добавьте дренажное отверстие",
    "void_trap_sls": "внутри останется порошок — добавьте отверстие для его удаления",
    "void_trap_mjf": "внутри останется порошок — добавьте отверстие для его удаления",
    "void_trap_cnc": "фреза до них не доберётся — разделите деталь или сделайте её сплошной",
    "void_trap_casting": (
        "их не отлить в силиконовой форме — разделите деталь или сделайте её сплошной"
    ),
    "void_trap_moulding": (
        "их не отлить в пресс-форме — разделите деталь или сделайте её сплошной"
    ),
}

#: Backend errors a customer can meet, by code (geometry's are in `bot.i18n`).
ERRORS_RU: dict[str, str] = {
    "error_empty_file": "файл пустой: в нём нет ни одного байта.",
    "error_invalid_request": "запрос не удалось разобрать.",
    "error_not_found": "не нахожу этого среди ваших деталей, предложений и заказов.",
    "error_forbidden": "это действие вам недоступно.",
    "error_rate_limited": "слишком много запросов подряд. Подождите немного.",
    "error_unavailable": "система перезапускается. Попробуйте через минуту.",
    "error_quote_expired": "срок действия предложения истёк. Запросите цену заново.",
    "error_quote_already_accepted": "это предложение уже принято.",
    "error_not_feasible": "этим способом деталь не изготовить.",
    "error_part_not_ready": "деталь ещё измеряется.",
    "error_part_failed": "эту деталь не удалось измерить.",
    "error_not_delivered": "заказ ещё не доставлен.",
    "error_already_rated": "заказ уже оценён.",
    "error_link_gone": "ссылка больше не действует.",
    "error_gone": "этого больше нет.",
    "error_conflict": "это уже изменилось. Попробуйте ещё раз.",
    "error_unprocessable": "это не получится сделать.",
    # Geometry warnings the report may carry beyond those in `bot.i18n`.
    "warn_deep_hole": "Есть глубокие узкие отверстия: сверлить и очищать их сложно.",
    "warn_touching_bodies": (
        "Некоторые тела касаются или пересекаются; общий материал учтён один раз. Если это "
        "одна деталь, объедините тела в CAD-программе; если отдельные, разнесите их."
    ),
}

RU_WORDING: dict[str, str] = LINES_RU | REASONS_RU | ERRORS_RU


def russian_args(args: dict[str, str]) -> dict[str, str]:
    """A line's or reason's values with each Russian twin taken (`material_ru` for `material`)."""
    return {name: args.get(f"{name}_ru", value) for name, value in args.items()}


def line_label_ru(code: str, english: str, args: dict[str, str]) -> str:
    """A quote line's label in Russian by its code; the English `english` when none fits.

    `args` are the line's values (money and the lead tier already worded by the caller);
    a value with a Russian twin (`material` and `material_ru`) is taken in Russian.
    """
    template = LINES_RU.get(f"line_{code}")
    if template is None:
        return english
    try:
        return template.format_map(russian_args(args))
    except (KeyError, IndexError, ValueError):  # a line whose values the template lacks
        return english
