"""What the bot says about paying: invoices, payments received, balances, invoices on terms."""

from __future__ import annotations

PAYMENTS_EN: dict[str, str] = {
    "pay_now": (
        "🧾 Order <b>#{number}</b> is reserved. Pay below to place it: the shop reviews it as "
        "soon as the payment arrives. The payment form asks where to ship it."
    ),
    "pay_deposit": (
        "🧾 Order <b>#{number}</b> is reserved. This process needs a deposit of "
        "{percent} % (tooling); the balance is due when your parts are packed."
    ),
    "awaiting_line": "🧾 Awaiting payment: order #{number}",
    "payment_received": (
        "✅ Payment of <b>{amount}</b> received for order <b>#{number}</b>, "
        "thank you. The shop reviews it now; you'll hear from us here. /track {number}"
    ),
    "payment_not_recorded": (
        "✅ Your payment went through. Recording it is taking longer than usual: the shop "
        "will confirm your order here shortly."
    ),
    "pre_checkout_unavailable": "Our system is restarting. Please try again in a minute.",
    "order_confirmed": (
        "✅ Order <b>#{number}</b> is confirmed on your account: it is invoiced when it "
        "ships, on your payment terms. The shop reviews it now. /track {number}"
    ),
    "balance_due": (
        "📦 Order <b>#{number}</b> is packed. Please pay the balance of <b>{amount}</b> "
        "below and it ships."
    ),
    "invoice_issued": "🧾 Invoice <b>{invoice}</b> for order #{number}: <b>{amount}</b>.",
    "refunded": "↩️ A refund of <b>{amount}</b> for order #{number} was made.",
    "reservation_lapsed": (
        "⌛ Order #{number} was not paid before its price expired, so it is cancelled. Send "
        "the file again for a new quote."
    ),
    "confirmation_caption": "Order confirmation #{number}",
    "staff_payment": "💳 {state}: {paid} of {total}",
    "staff_ship_to": "🚚 {method} → {address}",
    "pay_state_unpaid": "unpaid",
    "pay_state_deposit_paid": "deposit paid",
    "pay_state_paid": "paid",
    "pay_state_partially_refunded": "partly refunded",
    "pay_state_refunded": "refunded",
    "pay_state_on_account": "on account",
    "checkout_profile_first": "Before we place your order: who is it for? (asked once)",
    "checkout_address_first": "Where shall we send it?",
    "checkout_ship_to": "📍 Ship to: {address}",
    "checkout_other_address": "📍 Another address",
    "checkout_new_address": "➕ New address",
    "checkout_pick_address": "Choose the address to ship to:",
}

PAYMENTS_RU: dict[str, str] = {
    "pay_now": (
        "🧾 Заказ <b>№{number}</b> забронирован. Оплатите его ниже, чтобы оформить: мастерская "
        "проверит заказ сразу после оплаты. В форме оплаты укажите адрес доставки."
    ),
    "pay_deposit": (
        "🧾 Заказ <b>№{number}</b> забронирован. Для этого процесса нужна предоплата "
        "{percent} % (оснастка); остаток оплачивается, когда детали будут упакованы."
    ),
    "awaiting_line": "🧾 Ожидает оплаты: заказ №{number}",
    "payment_received": (
        "✅ Оплата <b>{amount}</b> по заказу <b>№{number}</b> получена, спасибо. "
        "Мастерская проверяет заказ; мы сообщим здесь. /track {number}"
    ),
    "payment_not_recorded": (
        "✅ Оплата прошла. Запись платежа занимает больше времени, чем обычно: мастерская "
        "скоро подтвердит ваш заказ здесь."
    ),
    "pre_checkout_unavailable": "Система перезапускается. Пожалуйста, повторите через минуту.",
    "order_confirmed": (
        "✅ Заказ <b>№{number}</b> подтверждён по договору: счёт выставляется при отгрузке, "
        "на ваших условиях оплаты. Мастерская проверяет заказ. /track {number}"
    ),
    "balance_due": (
        "📦 Заказ <b>№{number}</b> упакован. Оплатите остаток <b>{amount}</b> ниже, "
        "и мы его отправим."
    ),
    "invoice_issued": "🧾 Счёт <b>{invoice}</b> по заказу №{number}: <b>{amount}</b>.",
    "refunded": "↩️ По заказу №{number} возвращено <b>{amount}</b>.",
    "reservation_lapsed": (
        "⌛ Заказ №{number} не был оплачен, пока действовала цена, поэтому он отменён. "
        "Пришлите файл ещё раз, чтобы получить новое предложение."
    ),
    "confirmation_caption": "Подтверждение заказа №{number}",
    "staff_payment": "💳 {state}: {paid} из {total}",
    "staff_ship_to": "🚚 {method} → {address}",
    "pay_state_unpaid": "не оплачен",
    "pay_state_deposit_paid": "аванс оплачен",
    "pay_state_paid": "оплачен",
    "pay_state_partially_refunded": "частичный возврат",
    "pay_state_refunded": "возвращён",
    "pay_state_on_account": "по договору",
    "checkout_profile_first": "Прежде чем оформить заказ: на кого он? (спросим один раз)",
    "checkout_address_first": "Куда отправить заказ?",
    "checkout_ship_to": "📍 Адрес доставки: {address}",
    "checkout_other_address": "📍 Другой адрес",
    "checkout_new_address": "➕ Новый адрес",
    "checkout_pick_address": "Выберите адрес доставки:",
}
