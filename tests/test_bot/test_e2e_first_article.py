"""First article in chat, end to end: asked for in the specifications, sent, changed, approved.

The real bot against the emulator and a real backend. Alice asks for a first article in
the quote card's specification step and orders ten; staff start production, press "Send
first article" too early (told in words), reply to the card with photos and send it; Alice
gets the album and the buttons, asks for changes in a sentence; staff send another, Alice
approves it (a /track button pressed after that is stale), and the batch goes through QC.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.api import BackendClient
from bot.callbacks import QuoteCb
from bot.emulator import ChatMessage
from bot.emulator.types import CallbackQuery
from tests.test_bot.shop import BOT_KEY, STEP, Shop, accept, open_shop, quote_card
from tests.test_bot.test_e2e_photos import jpeg, reply_of

pytestmark = pytest.mark.anyio

CHANGES = "Please make the bore 8.10 <exactly>"


async def skip_until(shop: Shop, card: ChatMessage, question: str) -> ChatMessage:
    """Press Skip on the card's questions until it asks `question`."""
    while question not in (card.text or ""):
        shop.press(shop.customer, card, "Skip ›")
        card = await shop.wait_message(shop.customer, changed_from(card))
    return card


def changed_from(card: ChatMessage) -> Callable[[ChatMessage], bool]:
    """Whether a message is `card` with another caption (the next question)."""
    return lambda m: m.message_id == card.message_id and m.text != card.text


async def with_first_article(shop: Shop, api: BackendClient) -> ChatMessage:
    """Alice's quote card for ten brackets, through the specifications to the first article.

    The question names the catalog's price and days; the line on the card is that price.
    """
    terms = (await api.catalog()).first_article
    assert terms is not None
    price = f"€{terms.price}"
    card = await quote_card(shop, "10")
    shop.press(shop.customer, card, "Specifications")
    card = await shop.wait_edit(card, "❓")
    card = await skip_until(
        shop, card, f"First article (+{price}, +{terms.hold_days} days): one part made and approved"
    )  # SLA's tolerance, finish and inserts come first
    assert [b.text for b in card.buttons[0]] == ["🔍 With a first article", "• Without"]
    shop.press(shop.customer, card, "With a first article")
    card = await shop.wait_edit(
        card, f"First article: one part made and approved before the batch: {price}"
    )
    assert "Anything else the shop should know?" in (card.text or "")  # the note comes next
    shop.press(shop.customer, card, "Done")
    return await shop.wait_message(
        shop.customer, lambda m: m.message_id == card.message_id and "❓" not in (m.text or "")
    )


def toast(shop: Shop, query: CallbackQuery) -> str | None:
    """The bot's answer to a button press, once it gave one."""
    return next(
        (a.text for a in shop.world.callback_answers() if a.callback_query_id == query.id), None
    )


async def toast_of(shop: Shop, query: CallbackQuery) -> str:
    """Wait for the bot's answer to a button press: its text."""
    return await shop.world.wait_for(lambda: toast(shop, query), STEP)


async def staff_photograph(shop: Shop, card: ChatMessage, *photos: tuple[bytes, str]) -> None:
    """Sam replies to the card with photos; each is saved as the first article's."""
    for data, caption in photos:
        sent = shop.world.send_photo(
            shop.staff, data, caption=caption, chat=shop.staff_chat, reply_to=card.message_id
        )
        saved = await reply_of(shop, sent.message_id)
        assert saved.text is not None and saved.text.endswith("(first article).")


def album_between(shop: Shop, after: int, message: ChatMessage) -> list[bytes | None]:
    """The photos the bot sent Alice after message `after` and before `message`."""
    return [
        m.photo
        for m in shop.world.bot_messages(shop.customer)
        if after < m.message_id < message.message_id and m.photo is not None
    ]


async def staff_start_production(shop: Shop, number: str) -> ChatMessage:
    """Sam approves and starts the order: its card offers to send the first article."""
    card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
    assert "First article: one part goes to the customer before the batch" in (card.text or "")
    shop.press(shop.staff, card, "Approve")
    card = await shop.wait_edit(card, "approved by")
    shop.press(shop.staff, card, "Start production")
    card = await shop.wait_edit(card, "(new photos: 0)")
    assert [b.text for row in card.buttons for b in row] == ["📨 Send first article"]  # no QC
    return card


async def staff_send_too_early_then_with_photos(
    shop: Shop, card: ChatMessage, number: str, photos: list[bytes]
) -> ChatMessage:
    """Sam presses Send without photos (told in words), adds two, sends: Alice's message."""
    alice_before, group_before = shop.latest(shop.customer), shop.latest(shop.staff_chat)
    shop.press(shop.staff, card, "Send first article")
    refused = await shop.wait_text(shop.staff_chat, "was not sent", after=group_before)
    assert refused.text == (
        f"The first article of #{number} was not sent: reply to the order's card with "
        "photos of the first article first."
    )
    await staff_photograph(shop, card, (photos[0], "bore 8.02"), (photos[1], "flange flat"))
    card = await shop.wait_edit(card, "(new photos: 2)")
    query = shop.press(shop.staff, card, "Send first article")
    assert await toast_of(shop, query) == f"📨 First article of #{number} sent to the customer."
    await shop.wait_edit(card, "sent (round 1): awaiting the customer")
    sent = await shop.wait_text(shop.customer, "is made and inspected", after=alice_before)
    assert album_between(shop, alice_before, sent) == photos  # the album, then the question
    return sent


async def alice_asks_for_changes(
    shop: Shop, sent: ChatMessage, card: ChatMessage, number: str
) -> None:
    """Alice asks for changes in a sentence: confirmed once, by the feed; the buttons go."""
    group_before = shop.latest(shop.staff_chat)
    shop.press(shop.customer, sent, "Ask for changes")
    await shop.wait_text(shop.customer, "What should change", after=sent.message_id)
    shop.world.send_text(shop.customer, CHANGES)
    told = await shop.wait_text(shop.customer, "another first article", after=sent.message_id)
    assert told.text == (
        f"✏️ We'll make another first article of order #{number} and send it to you: {CHANGES}"
    )
    await shop.wait_message(
        shop.customer, lambda m: m.message_id == sent.message_id and not m.buttons
    )
    asked = await shop.wait_text(shop.staff_chat, "asks for changes", after=group_before)
    assert CHANGES in (asked.text or "")
    card = await shop.wait_edit(card, "Changes asked for (round 1)")
    assert [b.text for row in card.buttons for b in row] == ["📨 Send first article"]


async def test_a_customer_asks_for_changes_then_approves_and_the_batch_goes_to_qc(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        api = BackendClient(shop.backend.url, BOT_KEY)
        try:
            number = await accept(shop, await with_first_article(shop, api))
            (order,) = (await shop.ask_backend("/api/v1/orders"))["orders"]
            assert order["specs"]["first_article"] is True
            card = await staff_start_production(shop, number)
            first = [jpeg(800, 600), jpeg(640, 480, (40, 60, 200))]
            sent = await staff_send_too_early_then_with_photos(shop, card, number, first)
            assert sent.text == (
                f"🔍 The first article of order #{number} is made and inspected. Approve it and "
                "we make the other 9, or ask for changes."
            )
            assert [b.text for b in sent.buttons[0]] == ["✅ Approve", "✏️ Ask for changes"]
            await alice_asks_for_changes(shop, sent, card, number)

            # The second one: its one new photo only (the first round's are not sent again).
            second = jpeg(700, 500, (10, 200, 10))
            await staff_photograph(shop, card, (second, "bore 8.10"))
            card = await shop.wait_edit(card, "(new photos: 1)")
            alice_before = shop.latest(shop.customer)
            shop.press(shop.staff, card, "Send first article")
            again = await shop.wait_text(shop.customer, "is made and inspected", after=alice_before)
            assert album_between(shop, alice_before, again) == [second]

            shop.world.send_text(shop.customer, f"/track {number}")
            track = await shop.wait_text(
                shop.customer, "awaits your approval", after=again.message_id
            )
            assert "first article awaiting approval" in (track.text or "")
            assert [b.text for b in track.buttons[0]] == ["✅ Approve", "✏️ Ask for changes"]

            query = shop.press(shop.customer, again, "Approve")
            assert await toast_of(shop, query) == "Approved: the batch is under way."
            approved = await shop.wait_text(shop.customer, "is approved", after=track.message_id)
            assert approved.text == (
                f"✅ The first article of order #{number} is approved: the batch is under way, "
                "we make the other 9."
            )
            # The /track message's button is stale now: said so, and nothing changes.
            stale = shop.press(shop.customer, track, "Approve")
            assert "is not waiting for your answer" in await toast_of(shop, stale)
            view = await api.first_article(order["id"], user=shop.customer.id)
            assert [(r.round, r.decision) for r in view.rounds] == [(1, "changes"), (2, "approved")]
            assert view.state == "approved" and view.rounds[0].decision_note == CHANGES

            card = await shop.wait_edit(card, "First article approved (round 2)")
            shop.press(shop.staff, card, "To QC")
            card = await shop.wait_edit(card, "quality check by")
            shop.press(shop.staff, card, "QC passed")
            await shop.wait_edit(card, "packed by")
        finally:
            await api.close()


async def test_a_batch_of_one_drops_the_first_article_the_quote_had(tmp_path: Path) -> None:
    """One part is its own first article: pressing 1 reprices without it, never an error."""
    async with open_shop(tmp_path) as shop:
        api = BackendClient(shop.backend.url, BOT_KEY)
        try:
            card = await with_first_article(shop, api)
            assert "First article: one part made" in (card.text or "")
            shop.press(shop.customer, card, "1")
            card = await shop.wait_edit(card, "· 1 pcs ·")
            assert "First article" not in (card.text or "")
            quote = await api.quote(shop.customer.id, QuoteCb.unpack(card.button_data()[0]).quote)
            assert (quote.quantity, quote.first_article) == (1, False)
        finally:
            await api.close()
