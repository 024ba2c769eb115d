"""Console payment actions refused with a sentence, through `AsyncTestClient` (fast)."""

from __future__ import annotations

import pytest

from tests.test_backend.api import Api
from tests.test_backend.test_payments_api import BERLIN, accept, invoice, paying, post
from tests.test_console.browsers import csrf_of
from tests.test_console.test_accounts import signed_in, with_passwords

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.settings(console_secure_cookies=False, payment_provider_token="284685063:TEST:x"),
]


async def test_a_refunded_order_cannot_start_and_a_bad_refund_keeps_the_form(api: Api) -> None:
    """The payment gate's sentence shows like any refused move; a malformed amount is explained."""
    order = await accept(api)
    sent = await invoice(api, order)
    options = await post(api, "/shipping-query", {"payload": sent["payload"], "address": BERLIN})
    pickup = next(o for o in options["options"] if o["id"] == "pickup")
    total = sum(p["amount"] for p in sent["prices"] + pickup["prices"])
    paid = (await post(api, "", paying(sent, total, "pickup", "ch_pages")))["order"]
    approved = await api.walk(paid, "approved")
    await with_passwords(api)
    alice = await signed_in(api, "alice")
    path = f"/console/orders/{order['id']}"
    token = csrf_of((await alice.request("GET", path)).text)

    typed = await alice.post_form(f"{path}/refund", token, amount="12,50", reason="dented box")
    assert typed.status_code == 400
    assert "amount such as 12.50" in typed.text and 'value="dented box"' in typed.text
    whole = await alice.post_form(
        f"{path}/refund", token, amount=f"{total / 100:.2f}", reason="cancelled by phone"
    )
    assert whole.status_code == 303
    page = (await alice.request("GET", path)).text
    assert 'id="payment-state">refunded<' in page and "cancelled by phone" in page
    russian = (await alice.request("GET", path, headers={"Accept-Language": "ru-RU,ru"})).text
    assert ">Оплата</strong> · оплата в чате" in russian and ">возвращён</mark>" in russian
    assert "Вернуть деньги" in russian and ">Refund<" not in russian

    refused = await alice.post_form(
        f"{path}/move", token, to="in_production", version=str(approved["version"])
    )
    assert refused.status_code == 409
    assert (
        'role="alert">Production cannot start yet: the order is refunded; it starts once the'
        " deposit is paid.</p>" in refused.text
    )
