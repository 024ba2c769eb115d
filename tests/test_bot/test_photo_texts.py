"""Evidence photos' words: the stage a caption names, the card a reply names, Russian throughout."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.types import Chat, InlineKeyboardMarkup, Message, User

from bot.api import Order
from bot.callbacks import StaffAction, StaffCb
from bot.handlers.photos import card_order, stage_and_caption
from bot.i18n import Translator
from bot.keyboards import _button
from bot.photo_album import photo_caption, photos_button
from bot.photo_api import OrderPhoto
from tests.russian import assert_russian

EN, RU = Translator("en"), Translator("ru")
BOT = User(id=7000000001, is_bot=True, first_name="Smallbatch")
ORDER = Order(
    id="ord_01a23dc43da561ea8f707c96b521", number=12, quote_id="quo_1", part_id="prt_1",
    customer="1001", status="packed", version=6, created_at="2027-03-01T07:00:00Z",
    history=[], next_statuses=[],
)  # fmt: skip


def photo(stage: str, caption: str | None = None) -> OrderPhoto:
    """A stored photo of ORDER."""
    return OrderPhoto(
        id="pho_1", order_id=ORDER.id, stage=stage, taken_by="staff:telegram:42",
        created_at="2027-03-04T09:30:00.000000+00:00", size_bytes=1000,
        content_type="image/jpeg", url="/api/v1/orders/x/photos/pho_1", caption=caption,
    )  # fmt: skip


def card(caption: str, sender: User = BOT, markup: InlineKeyboardMarkup | None = None) -> Message:
    """A message in the staff group, as a reply's `reply_to_message` carries it."""
    return Message(
        message_id=5, date=datetime(2027, 3, 4, tzinfo=UTC), chat=Chat(id=-100, type="supergroup"),
        from_user=sender, caption=caption, reply_markup=markup,
    )  # fmt: skip


def test_a_captions_first_word_names_the_stage_in_either_language() -> None:
    assert stage_and_caption("QC") == ("qc", None)
    assert stage_and_caption("packing, 2 boxes") == ("packing", "2 boxes")
    assert stage_and_caption("Упаковка две коробки") == ("packing", "две коробки")
    assert stage_and_caption("ОТК: отверстия в допуске") == ("qc", "отверстия в допуске")
    assert stage_and_caption("bore 8.02 ok") == (None, "bore 8.02 ok")
    assert stage_and_caption(None) == (None, None)


def test_the_order_comes_from_the_cards_buttons_or_its_number() -> None:
    button = _button("Ship", StaffCb(order=ORDER.id, action=StaffAction.SHIP, version=6).pack())
    with_buttons = card(
        "🆕 Order #99 · packed", markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
    )
    assert card_order(with_buttons, BOT.id) == ORDER.id  # the buttons name the order exactly
    assert card_order(card("🆕 Заказ №12 · упакован\nКлиент 1001"), BOT.id) == "12"
    assert (
        card_order(card("Order #12", sender=User(id=42, is_bot=False, first_name="Sam")), BOT.id)
        is None
    )
    assert card_order(card("bench ready"), BOT.id) is None


def test_the_customer_reads_the_button_and_captions_in_their_language() -> None:
    assert photos_button(EN, ORDER, 3).text == "📷 Photos (3)"
    assert photo_caption(EN, ORDER, photo("qc", "bore 8.02")) == (
        "#12 · quality check · 2027-03-04\nbore 8.02"
    )
    russian = [
        photos_button(RU, ORDER, 3).text,
        photo_caption(RU, ORDER, photo("qc")),
        photo_caption(RU, ORDER, photo("packing")),
        photo_caption(RU, ORDER, photo("claim")),
        RU("photos_none", number=12),
    ]
    assert russian[1] == "№12 · контроль качества · 2027-03-04"
    assert_russian(russian)


def test_the_staff_group_reads_every_photo_answer_in_russian_when_set_so() -> None:
    texts = [
        RU("staff_photo_saved", number=12, stage=RU("staff_photo_stage_packing")),
        RU("staff_photo_not_staff"),
        RU("staff_photo_no_card"),
        RU("staff_photo_refused", number=12, reason=RU.backend_error("not_an_image", "English")),
    ]
    for code in ("too_many_photos", "order_not_in_production", "photo_too_large"):
        texts.append(RU.backend_error(code, "English"))
    assert_russian(texts, allowed={"PNG", "JPEG", "WebP"})  # image formats, as on PDF or STL
    # The stage request names the English words staff may type as well: they are the commands.
    assert "«qc»" in RU("staff_photo_which_stage", number=12, status="одобрен")
