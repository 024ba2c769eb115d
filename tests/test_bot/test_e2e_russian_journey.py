"""A Russian-speaking customer's whole journey, and not one English word on the way.

start → upload (units question, inches) → a refused process explained → process →
material → quantity → the details table → Change (another process, same quantity) →
accept → the order's messages → /track → delivered → rating → /orders. Every text,
caption, button and alert the customer saw goes through `tests.russian.assert_russian`,
which lets pass only the part's file name and the brand and trade names a Russian shop
writes in Latin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.emulator import ChatMessage
from bot.emulator.types import User
from tests.russian import assert_russian
from tests.test_bot.shop import ANALYSIS, FEATURETYPE, Shop, open_shop

pytestmark = pytest.mark.anyio

PART = "featuretype.STL"


#: Every button label the customer was shown before pressing one, by chat id.
SHOWN: dict[int, list[str]] = {}
IVAN = {"name": "Иван Петров", "email": "ivan@example.ru", "phone": "+4930123457"}
IVAN_ADDRESS = {"recipient": "Иван Петров", "line1": "Фридрихштрассе 10", "city": "Берлин",
                "postcode": "10117", "country": "DE"}  # fmt: skip


def now(shop: Shop, message: ChatMessage) -> ChatMessage:
    """A message as it reads now (after edits); its buttons are noted as shown."""
    current = next(
        m for m in shop.world.messages(message.chat_id) if m.message_id == message.message_id
    )
    SHOWN.setdefault(current.chat_id, []).extend(b.text for row in current.buttons for b in row)
    return current


async def press_and_wait(
    shop: Shop, user: User, message: ChatMessage, label: str, needle: str
) -> ChatMessage:
    """Press a button, then wait for the same message to read `needle`."""
    shop.press(user, now(shop, message), label)
    return await shop.wait_edit(message, needle, timeout=ANALYSIS)


async def ivan_sends_a_part_in_inches(shop: Shop, ivan: User) -> ChatMessage:
    """The units question in Russian; after «дюймы» the picture is drawn anew."""
    hello = shop.world.send_text(ivan, "/start")
    await shop.wait_text(ivan, "документом", after=hello.message_id)
    sent = shop.world.send_document(ivan, PART, FEATURETYPE)
    status = await shop.wait_text(ivan, "Анализирую", after=sent.message_id)
    card = await shop.wait_message(
        ivan, lambda m: m.photo is not None, after=sent.message_id, timeout=ANALYSIS
    )
    await shop.wait_edit(status, "измерен")
    assert [b.text for b in card.buttons[0]] == ["мм", "дюймы", "м"]
    in_mm = card.photo
    card = await press_and_wait(shop, ivan, card, "дюймы", "Выберите процесс")
    assert card.photo is not None and card.photo != in_mm  # the size is written in inches
    return card


async def ivan_asks_why_moulding_is_refused(shop: Shop, ivan: User, card: ChatMessage) -> str:
    """A refused process explains itself in an alert, in Russian."""
    press = shop.press(ivan, now(shop, card), "✗ Литьё под давлением")
    answer = await shop.world.wait_for(
        lambda: next(
            (a for a in shop.world.callback_answers() if a.callback_query_id == press.id), None
        )
    )
    assert answer.text and "от 100 шт." in answer.text, answer.text
    return answer.text


async def ivan_quotes_sla_then_changes_to_fdm(shop: Shop, ivan: User, card: ChatMessage) -> str:
    """SLA in tough resin, ten pieces, the details; then Change to FDM keeps the ten."""
    card = await press_and_wait(shop, ivan, card, "SLA-печать", "Выберите материал")
    before = shop.latest(ivan)
    shop.press(ivan, now(shop, card), "Прочная смола")
    quote = await shop.wait_message(ivan, lambda m: m.photo is not None, after=before)
    assert "1 шт." in (quote.text or "") and "НДС" in (quote.text or "")
    quote = await press_and_wait(shop, ivan, quote, "10", "10 шт.")
    before = shop.latest(ivan)
    shop.press(ivan, now(shop, quote), "Строки и процессы")
    details = await shop.wait_text(ivan, "все строки", after=before)
    assert "Все процессы при 10 шт." in (details.text or "")
    shop.press(ivan, now(shop, quote), "Изменить")
    await shop.world.wait_for(
        lambda: any("FDM-печать" in b.text for r in now(shop, quote).buttons for b in r) or None
    )
    shop.press(ivan, now(shop, quote), "FDM-печать")
    await shop.world.wait_for(
        lambda: any(b.text.startswith("PLA") for r in now(shop, quote).buttons for b in r) or None
    )
    shop.press(ivan, now(shop, quote), "PLA ·")
    quote = await shop.wait_edit(quote, "FDM-печать · PLA · 10 шт.")
    before = shop.latest(ivan)
    shop.press(ivan, now(shop, quote), "Заказать")
    asked = await shop.wait_text(ivan, "Как отправить", after=before)
    shop.press(ivan, asked, "Самовывоз")
    placed = await shop.wait_text(ivan, "оформлен", after=asked.message_id)
    return (placed.text or "").split("№")[1].split()[0]


async def staff_move(shop: Shop, label: str, then: str) -> None:
    """Sam presses a button on the (Russian) order card and the card says what happened."""
    card = await shop.wait_message(shop.staff_chat, lambda m: m.photo is not None)
    shop.press(shop.staff, now(shop, card), label)
    await shop.wait_edit(card, then)


async def staff_deliver_with_russian_notes(shop: Shop, ivan: User, number: str) -> None:
    """Approve, produce, check, ship with a Russian carrier, deliver; Ivan hears each step."""
    mark = shop.latest(ivan)
    await staff_move(shop, "Одобрить", "одобрен (@sam_staff)")
    await shop.wait_text(ivan, f"Заказ №{number} одобрен", after=mark)
    await staff_move(shop, "В производство", "в производстве (@sam_staff)")
    await staff_move(shop, "На контроль", "контроль качества (@sam_staff)")
    await staff_move(shop, "Контроль пройден", "упакован (@sam_staff)")
    card = await shop.wait_message(shop.staff_chat, lambda m: m.photo is not None)
    before = shop.latest(shop.staff_chat)
    shop.press(shop.staff, now(shop, card), "Отправлен")
    await shop.wait_text(shop.staff_chat, "перевозчика", after=before)
    shop.world.send_text(shop.staff, "СДЭК 1234567890", chat=shop.staff_chat)
    await shop.wait_text(ivan, "Трек-номер: 1234567890", after=mark)
    await staff_move(shop, "Доставлен", "доставлен (@sam_staff)")


async def ivan_tracks_rates_and_lists(shop: Shop, ivan: User, number: str) -> None:
    """/track, four stars with a comment, /orders."""
    asked = shop.world.send_text(ivan, f"/track {number}")
    await shop.wait_text(ivan, f"Заказ №{number}", after=asked.message_id)
    delivered = await shop.wait_text(ivan, "доставлен. Оцените")
    await press_and_wait(shop, ivan, delivered, "★★★★", "Напишите комментарий")
    mark = shop.latest(ivan)
    shop.world.send_text(ivan, "Отличные детали")
    await shop.wait_text(ivan, "Спасибо за оценку", after=mark)
    asked = shop.world.send_text(ivan, "/orders")
    listing = await shop.wait_text(ivan, "Ваши заказы", after=asked.message_id)
    assert "FDM-печать · PLA · 10" in (listing.text or "")


async def test_a_russian_customer_reads_no_english_from_file_to_rating(tmp_path: Path) -> None:
    async with open_shop(tmp_path, staff_language="ru") as shop:
        ivan = shop.world.add_user("Иван", language_code="ru")
        await shop.returning(ivan, IVAN, IVAN_ADDRESS)  # asked once, at an earlier order
        card = await ivan_sends_a_part_in_inches(shop, ivan)
        alert = await ivan_asks_why_moulding_is_refused(shop, ivan, card)
        number = await ivan_quotes_sla_then_changes_to_fdm(shop, ivan, card)
        await staff_deliver_with_russian_notes(shop, ivan, number)
        await ivan_tracks_rates_and_lists(shop, ivan, number)

        seen = shop.world.bot_messages(ivan)
        texts = [m.text or "" for m in seen]
        buttons = [b.text for m in seen for row in m.buttons for b in row]
        buttons += SHOWN.pop(ivan.id, [])
        assert len(texts) >= 12 and len(set(buttons)) >= 30
        assert_russian([*texts, *buttons, alert], allowed={PART})
