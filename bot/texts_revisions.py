"""The texts of revisions and re-orders, in English and Russian (merged into `bot.i18n`)."""

from __future__ import annotations

EN: dict[str, str] = {
    "revision_title": "🔁 <b>Revision {revision}</b> of {name} (was revision {previous})",
    "revision_same_file": "The same file as revision {previous}: nothing changed.",
    "revision_size": "Size: {before} → {after} mm",
    "revision_volume": "Volume: {before} → {after} cm³ ({delta})",
    "revision_bodies": "Bodies: {before} → {after}",
    "revision_no_geometry_change": "Size, volume and bodies as before.",
    "revision_warning_added": "➕ {warning}",
    "revision_warning_removed": "✔️ No longer: {warning}",
    "revision_price": (
        "Price at {quantity} pcs ({process} · {material} · {lead}): {before} → {after}"
    ),
    "revision_not_feasible": "The previous choice cannot make this revision: {reason}",
    "reorder_usage": "Send /reorder and the order number, e.g. /reorder 12.",
    "reorder_button": "🔁 Reorder",
    "reorder_title": "🔁 <b>Reorder of #{number}</b> (rev {revision}), priced today",
    "reorder_same": "Same price as order #{number}: {total}.",
    "reorder_total": "Total {before} → {after} ({delta})",
    "reorder_not_feasible": "Order #{number} cannot be made the same way today: {reason}",
    "change_card_version_changed": "the price list changed",
    "change_lead_days_changed": "lead time {before} → {after} working days",
    "change_ship_date_moved": "ship date {before} → {after}",
    "change_tax_rate_changed": "tax rate {before} → {after}",
    "change_material_price_changed": "material price changed: {label} {before} → {after}",
    "change_lead_price_changed": "lead time surcharge: {before} → {after}",
    "change_line_changed": "{label}: {before} → {after}",
    "change_line_added": "new: {label} {after}",
    "change_line_removed": "no longer charged: {label} {before}",
    "order_revision": "Part revision {revision}",
}

RU: dict[str, str] = {
    "revision_title": "🔁 <b>Ревизия {revision}</b> детали {name} (была ревизия {previous})",
    "revision_same_file": "Тот же файл, что и ревизия {previous}: ничего не изменилось.",
    "revision_size": "Размер: {before} → {after} мм",
    "revision_volume": "Объём: {before} → {after} см³ ({delta})",
    "revision_bodies": "Тел: {before} → {after}",
    "revision_no_geometry_change": "Размер, объём и число тел прежние.",
    "revision_warning_added": "➕ {warning}",
    "revision_warning_removed": "✔️ Больше нет: {warning}",
    "revision_price": (
        "Цена за {quantity} шт. ({process} · {material} · {lead}): {before} → {after}"
    ),
    "revision_not_feasible": "Прежний выбор не подходит для этой ревизии: {reason}",
    "reorder_usage": "Отправьте /reorder и номер заказа, например /reorder 12.",
    "reorder_button": "🔁 Повторить заказ",
    "reorder_title": "🔁 <b>Повтор заказа №{number}</b> (ревизия {revision}) по сегодняшним ценам",
    "reorder_same": "Цена та же, что в заказе №{number}: {total}.",
    "reorder_total": "Итого {before} → {after} ({delta})",
    "reorder_not_feasible": "Заказ №{number} сегодня так изготовить нельзя: {reason}",
    "change_card_version_changed": "изменился прайс-лист",
    "change_lead_days_changed": "срок {before} → {after} раб. дн.",
    "change_ship_date_moved": "дата отгрузки {before} → {after}",
    "change_tax_rate_changed": "ставка налога {before} → {after}",
    "change_material_price_changed": "изменилась цена материала: {label} {before} → {after}",
    "change_lead_price_changed": "наценка за срок: {before} → {after}",
    "change_line_changed": "{label}: {before} → {after}",
    "change_line_added": "новое: {label} {after}",
    "change_line_removed": "больше не начисляется: {label} {before}",
    "order_revision": "Ревизия детали {revision}",
}
