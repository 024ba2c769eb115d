"""`GET /api/v1/quotes/{id}/shipping`: the parcel, the methods that take it, money and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.auth.schemas import Principal
from backend.customers.countries import CountryNotShipped
from backend.quotes.repository import get_quote
from backend.quotes.shipping import shipping_for_quote
from pricing import load_rate_card
from pricing.workdays import add_working_days
from tests.test_backend.api import ALICE, BOB, Api, customer, error_code

pytestmark = pytest.mark.anyio

CARD = load_rate_card()
ROOT = Principal(role="admin", name="root")
BRACKET_MM = (60.0, 30.0, 40.0)  # geometry/samples/bracket.stl's bounding box


async def shipping(api: Api, quote_id: str, country: str, user: str = ALICE) -> Any:
    """The answer's body with its `status`."""
    response = await api.client.get(
        f"/api/v1/quotes/{quote_id}/shipping", params={"country": country}, headers=customer(user)
    )
    return {"status": response.status_code, **response.json()}


async def test_a_quote_ships_by_the_methods_that_take_its_parcel_priced_with_tax_and_dated(
    api: Api,
) -> None:
    part = await api.ready_part()
    quote = await api.quote(part_id=part["id"])  # SLA, tough, 10 pieces
    answer = await shipping(api, quote["id"], "de")
    assert answer["status"] == 200, answer
    assert answer["country"] == "DE" and answer["currency"] == "EUR"

    # Ten brackets of tough resin and the carton: volume × density × quantity + packing.
    assert CARD.processes.sla is not None and CARD.shipping is not None
    density = next(m.density for m in CARD.processes.sla.materials if m.id == "tough")
    volume_cm3 = part["report"]["volume_mm3"] / 1000
    weight = volume_cm3 * density * 10 / 1000 + CARD.shipping.packing_kg
    assert answer["weight_kg"] == pytest.approx(weight, abs=0.001)
    size = answer["size_mm"]
    assert size == sorted(size, reverse=True)
    assert size[0] >= max(BRACKET_MM) + 2 * CARD.shipping.packing_mm

    options = answer["options"]
    assert [o["id"] for o in options] == ["pickup", "standard", "express"]
    ship_date = date.fromisoformat(quote["ship_date"])
    for option in options:
        price, tax = Decimal(option["price"]), Decimal(option["tax"])
        assert tax == (price * Decimal("0.20")).quantize(Decimal("0.01"))
        assert Decimal(option["price_with_tax"]) == price + tax
        assert option["ship_date"] == quote["ship_date"]
        assert option["delivery_date"] == add_working_days(ship_date, option["days"]).isoformat()
    assert options[0]["price"] == "0.00" and options[0]["delivery_date"] == quote["ship_date"]
    assert Decimal(options[1]["price"]) == Decimal("6.90") + (
        Decimal("0.40") * Decimal(str(answer["weight_kg"]))
    ).quantize(Decimal("0.01"))
    assert options[1]["name_ru"] == "Стандартная посылка"

    # Norway gets no express courier; the US nothing, with a sentence; a malformed country
    # is refused before anything is read.
    norway = await shipping(api, quote["id"], "NO")
    assert [o["id"] for o in norway["options"]] == ["pickup", "standard"]
    refused = await api.client.get(
        f"/api/v1/quotes/{quote['id']}/shipping?country=US", headers=customer()
    )
    assert refused.status_code == 422 and error_code(refused) == "country_not_shipped"
    assert "'US'" in refused.json()["error"]["message"]
    for bad in ("DEU", "D1", ""):
        malformed = await api.client.get(
            f"/api/v1/quotes/{quote['id']}/shipping?country={bad}", headers=customer()
        )
        assert malformed.status_code == 400, bad

    # Another customer's quote, and a quote that does not exist, are not found.
    for user, quote_id in ((BOB, quote["id"]), (ALICE, "quo_nothing")):
        hidden = await api.client.get(
            f"/api/v1/quotes/{quote_id}/shipping?country=DE", headers=customer(user)
        )
        assert hidden.status_code == 404 and error_code(hidden) == "not_found"
    staff = await api.client.get(
        f"/api/v1/quotes/{quote['id']}/shipping?country=DE", headers=api.staff()
    )
    assert staff.status_code == 200 and staff.json()["options"] == options

    # The payments core's call, inside its own connection: the same methods and prices.
    async with api.database() as db, db.read() as conn:
        row = await get_quote(conn, quote["id"], ALICE)
        assert row is not None
        quotes = await shipping_for_quote(conn, row, CARD, "DE")
        with pytest.raises(CountryNotShipped, match="ships to these countries: AT, BE"):
            await shipping_for_quote(conn, row, CARD, "US")
    assert [(q.id, f"{q.price:.2f}") for q in quotes] == [(o["id"], o["price"]) for o in options]

    await a_large_casting_order_goes_by_pallet(api, part["id"])
    await a_quote_ships_by_the_card_it_was_priced_with(api, part["id"])


async def a_large_casting_order_goes_by_pallet(api: Api, part_id: str) -> None:
    """2000 castings weigh over the parcel carriers' 31.5 kg: pickup or pallet."""
    few = await api.quote(part_id=part_id, process="casting", material="abs-like", quantity=20)
    many = await api.quote(part_id=part_id, process="casting", material="abs-like", quantity=2000)
    light, heavy = await shipping(api, few["id"], "FR"), await shipping(api, many["id"], "FR")
    assert [o["id"] for o in light["options"]] == ["pickup", "standard", "express"]
    assert 31.5 < heavy["weight_kg"] <= 1000
    assert [o["id"] for o in heavy["options"]] == ["pickup", "pallet"]
    assert heavy["size_mm"][0] <= 1800
    pallet = heavy["options"][1]
    assert pallet["days"] == 5 and pallet["delivery_date"] > pallet["ship_date"]


async def a_quote_ships_by_the_card_it_was_priced_with(api: Api, part_id: str) -> None:
    """A card saved since does not change an older quote's parcel (its packing and density)."""
    await api.change_card("packing_kg = 0.5", "packing_kg = 2.5")
    old = await api.quote(part_id=part_id)
    await api.change_card("packing_kg = 2.5", "packing_kg = 0.5")
    await api.change_card("margin = 0.35", "margin = 0.50")
    new = await api.quote(part_id=part_id)
    before, after = await shipping(api, old["id"], "DE"), await shipping(api, new["id"], "DE")
    assert before["weight_kg"] == pytest.approx(after["weight_kg"] + 2.0)
