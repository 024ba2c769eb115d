"""The first article's words and buttons in chat, without a chat: English, Russian, valid HTML."""

from __future__ import annotations

import msgspec
import pytest

from backend.quotes.specs import catalog_first_article
from bot.api import Order, OrderSpecs
from bot.callbacks import FirstArticleCb, SpecCb, SpecStep, StaffAction, StaffCb
from bot.emulator.html_mode import parse_html
from bot.first_article_api import CatalogFirstArticle, FirstArticleRound, FirstArticleView
from bot.first_article_text import decided_text, sent_text, staff_lines
from bot.i18n import Translator
from bot.i18n_first_article import FIRST_ARTICLE_EN, FIRST_ARTICLE_RU
from bot.keyboards import first_article_buttons, staff_keyboard
from bot.render import status_name
from bot.spec_keyboards import Stage, next_question
from pricing import load_rate_card
from tests.russian import assert_russian
from tests.test_bot.test_spec_texts import buttons, process, quote

EN, RU = Translator("en"), Translator("ru")
TERMS = CatalogFirstArticle(price="60.75", hold_days=2)
HOSTILE = "bore <8.10> & a<b> &lt; </b>"
ORDER = Order(
    id="ord_01a23dc43da561ea8f707c96b521", number=12, quote_id="quo_1", part_id="prt_1",
    customer="1001", status="in_production", version=5, created_at="2027-03-01T07:00:00Z",
    history=[], next_statuses=["qc", "cancelled"], specs=OrderSpecs(first_article=True),
)  # fmt: skip


def view(state: str, *rounds: FirstArticleRound, unsent: int = 0) -> FirstArticleView:
    """An order's first articles as the backend answers."""
    photo = {"id": "pho_1", "order_id": ORDER.id, "stage": "first_article", "taken_by": "s",
             "created_at": "2027-03-04T09:30:00Z", "size_bytes": 1, "content_type": "image/jpeg",
             "url": "/p"}  # fmt: skip
    wire = {"order_id": ORDER.id, "number": 12, "state": state,
            "rounds": [msgspec.to_builtins(r) for r in rounds],
            "unsent_photos": [photo] * unsent}  # fmt: skip
    return msgspec.convert(wire, FirstArticleView)


def sent(round_no: int, decision: str | None = None, note: str | None = None) -> FirstArticleRound:
    """A round sent, and its decision if there is one."""
    return FirstArticleRound(
        round=round_no, sent_at="2027-03-04T10:00:00Z", decision=decision, decision_note=note
    )


def test_the_catalog_terms_the_bot_reads_are_the_backends() -> None:
    terms = catalog_first_article(load_rate_card())
    assert terms is not None
    read = msgspec.json.decode(msgspec.json.encode(terms), type=CatalogFirstArticle)
    assert read.hold_days == terms.hold_days and read.price == terms.price


def test_the_step_offers_a_first_article_after_the_inserts_for_two_parts_or_more() -> None:
    sla = process("sla")
    asked = next_question(EN, quote(quantity=10), sla, [], Stage.FIRST_ARTICLE, offer=TERMS)
    assert asked.text == (
        "First article (+€60.75, +2 days): one part made and approved by you before the batch?"
    )
    assert buttons(asked) == ["🔍 With a first article", "• Without", "Skip ›", "✓ Done"]
    pressed = [SpecCb.unpack(b.callback_data or "") for b in asked.markup.inline_keyboard[0]]
    assert [(p.step, p.value) for p in pressed] == [
        (SpecStep.FIRST_ARTICLE, 1),
        (SpecStep.FIRST_ARTICLE, 0),
    ]
    chosen = next_question(
        EN, quote(quantity=10, first_article=True), sla, [], Stage.FIRST_ARTICLE, offer=TERMS
    )
    assert buttons(chosen)[:2] == ["• 🔍 With a first article", "Without"]
    # Skipping it leads to the note.
    skip = SpecCb.unpack(asked.markup.inline_keyboard[1][0].callback_data or "")
    assert Stage(skip.value) == Stage.NOTE


@pytest.mark.parametrize(("quantity", "offer"), [(1, TERMS), (10, None)])
def test_no_first_article_is_asked_for_one_part_or_when_the_shop_offers_none(
    quantity: int, offer: CatalogFirstArticle | None
) -> None:
    asked = next_question(
        EN, quote(quantity=quantity), process("sla"), [], Stage.FIRST_ARTICLE, offer=offer
    )
    assert asked.text.startswith("Anything else the shop should know?")


@pytest.mark.parametrize("tr", [EN, RU])
def test_the_inspection_note_and_the_changes_show_as_typed_in_valid_html(tr: Translator) -> None:
    for html in (
        sent_text(tr, number=12, quantity=10, note=HOSTILE),
        decided_text(tr, kind="first_article_changes", number=12, quantity=10, note=HOSTILE),
    ):
        text, _ = parse_html(html)
        assert HOSTILE in text and "12" in text
    approved = decided_text(tr, kind="first_article_approved", number=12, quantity=10, note=None)
    assert "9" in approved and "12" in approved


def test_the_customer_reads_how_many_parts_follow_and_no_empty_note() -> None:
    assert sent_text(EN, number=7, quantity=25, note="  ") == (
        "🔍 The first article of order #7 is made and inspected. Approve it and we make the "
        "other 24, or ask for changes."
    )
    assert sent_text(EN, number=7, quantity=25, note="Ø8.02 mm, flat within 0.05").startswith(
        "🔍 The first article of order #7 is made and inspected: Ø8.02 mm, flat within 0.05\n"
    )


def test_the_staff_card_says_where_the_first_article_stands_and_what_to_do() -> None:
    assert staff_lines(EN, view("making"), "approved") == [
        "🔍 First article: one part goes to the customer before the batch"
    ]
    assert staff_lines(EN, view("making", unsent=2), "in_production") == [
        "🔍 First article: make one part, reply to this card with its photos, then send it "
        "(new photos: 2)"
    ]
    changed = staff_lines(EN, view("making", sent(1, "changes", HOSTILE)), "in_production")
    assert (
        changed[0]
        == "✏️ Changes asked for (round 1): bore &lt;8.10&gt; &amp; a&lt;b&gt; &amp;lt; &lt;/b&gt;"
    )
    assert staff_lines(
        EN, view("awaiting_approval", sent(1, "changes"), sent(2)), "first_article"
    ) == ["🔍 First article sent (round 2): awaiting the customer"]
    assert staff_lines(EN, view("approved", sent(1, "changes"), sent(2, "approved")), "qc") == [
        "✅ First article approved (round 2): make the batch"
    ]
    assert staff_lines(EN, view("not_required"), "in_production") == []


def test_the_card_offers_to_send_the_first_article_instead_of_qc_until_it_is_approved() -> None:
    def labels(pending: bool) -> list[str]:
        markup = staff_keyboard(EN, ORDER, first_article_pending=pending)
        assert markup is not None
        return [b.text for row in markup.inline_keyboard for b in row]

    assert labels(pending=True) == ["📨 Send first article"]
    assert labels(pending=False) == ["🔍 To QC"]
    markup = staff_keyboard(EN, ORDER, first_article_pending=True)
    assert markup is not None
    data = StaffCb.unpack(markup.inline_keyboard[0][0].callback_data or "")
    assert (data.action, data.version) == (StaffAction.SEND_FIRST_ARTICLE, 5)
    waiting = msgspec.structs.replace(ORDER, status="first_article", next_statuses=["cancelled"])
    assert staff_keyboard(EN, waiting, first_article_pending=False) is None


def test_the_customers_buttons_carry_the_order_and_the_answer() -> None:
    approve, changes = first_article_buttons(RU, ORDER.id)
    assert (approve.text, changes.text) == ("✅ Одобрить", "✏️ Попросить изменений")
    assert FirstArticleCb.unpack(approve.callback_data or "") == FirstArticleCb(
        order=ORDER.id, approve=True
    )
    assert not FirstArticleCb.unpack(changes.callback_data or "").approve


def test_a_russian_speaker_reads_the_first_article_in_russian() -> None:
    assert set(FIRST_ARTICLE_EN) - {k for k in FIRST_ARTICLE_EN if k.startswith("error_")} <= set(
        FIRST_ARTICLE_RU
    )
    reason = RU("error_first_article_photos_required")
    values = {"number": 12, "rest": 9, "note": "Ø8.02", "price": "€60.75", "days": 2,
              "round": 2, "photos": 3, "reason": reason}  # fmt: skip
    texts = [template.format(**values) for template in FIRST_ARTICLE_RU.values()]
    texts += [
        sent_text(RU, number=12, quantity=10, note=None),
        decided_text(RU, kind="first_article_approved", number=12, quantity=10, note=None),
        status_name(RU, "first_article"),
        RU("slip_first_article"),
        RU.line_label(
            "first_article", "First article: one part made and approved before the batch", {}
        ),
        *(RU(key) for key in ("fa_approve_button", "fa_changes_button", "fa_approved_toast")),
    ]
    assert_russian(texts)
    for key in ("fa_sent", "fa_approved_toast", "staff_send_first_article", "status_first_article"):
        assert RU(key, number=1, rest=1) != EN(key, number=1, rest=1), key
