"""First-article build-and-hold through the API, on a fixed clock: quote, send, decide, schedule.

Monday 1 March 2027, 07:00 UTC, on the default card (`[first_article]` and `[planning]`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from backend.photos.service import MAX_PHOTOS_PER_STAGE
from tests.test_backend.api import BOB, Api, bot, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.test_order_photos_api import add_photo, image
from tests.test_backend.test_schedule_api import FixedClock

pytestmark = pytest.mark.anyio

JOBS = "SELECT job_id, starts_at, ends_at FROM scheduled_jobs WHERE order_id = ? ORDER BY starts_at"


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock: fixed on Monday morning, moved on by the tests."""
    return FixedClock()


def line(quote: dict[str, Any], code: str) -> dict[str, Any] | None:
    """The quote's line with this code, if it has one."""
    return next((entry for entry in quote["lines"] if entry["code"] == code), None)


async def feed(api: Api) -> list[dict[str, Any]]:
    """Every event of the feed, as the bot reads it."""
    page = await api.client.get("/api/v1/events", params={"after": 0}, headers=bot())
    events: list[dict[str, Any]] = page.json()["events"]
    return events


async def send(api: Api, order: dict[str, Any], note: str | None = None) -> Any:
    """Staff send the first article of `order` at the version it is at."""
    return await api.client.post(
        f"/api/v1/orders/{order['id']}/first-article/send",
        json={"version": order["version"], "note": note},
        headers=api.staff(),
    )


async def decide(api: Api, ref: str, headers: dict[str, str], **body: Any) -> Any:
    """A decision on the first article of order `ref`."""
    return await api.client.post(
        f"/api/v1/orders/{ref}/first-article/decision", json=body, headers=headers
    )


async def current(api: Api, order: dict[str, Any]) -> dict[str, Any]:
    """The order as it is now."""
    response = await api.client.get(f"/api/v1/orders/{order['id']}", headers=api.staff())
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def job_ids(api: Api, order: dict[str, Any]) -> list[str]:
    """The order's scheduled jobs, by their start (ids within the order)."""
    return [row[0].removeprefix(f"{order['id']}/") for row in api.sql(JOBS, (order["id"],))]


async def test_a_first_article_is_priced_from_the_card_and_adds_its_hold_days(api: Api) -> None:
    part = await api.ready_part()
    catalog = (await api.client.get("/api/v1/catalog", headers=customer())).json()
    terms = catalog["first_article"]
    assert terms == {"price": terms["price"], "hold_days": 2} and float(terms["price"]) > 0
    plain = await api.quote(part_id=part["id"])
    held = await api.quote(part_id=part["id"], first_article=True)
    assert held["first_article"] is True and plain["first_article"] is False
    charged = line(held, "first_article")
    assert charged is not None and line(plain, "first_article") is None
    assert charged["amount"] == terms["price"]  # the standard tier: no lead factor on it
    assert float(held["total"]) == pytest.approx(float(plain["total"]) + float(terms["price"]))
    # The hold days, the one part and its inspection come before the batch: later, never sooner.
    assert held["lead_time_days"] >= plain["lead_time_days"] + terms["hold_days"]
    cleared = await api.client.post(
        f"/api/v1/quotes/{held['id']}/requote", json={"first_article": False}, headers=customer()
    )
    assert cleared.status_code == 201, cleared.text
    assert line(cleared.json(), "first_article") is None
    assert cleared.json()["total"] == plain["total"]
    single = await api.post_quote(part["id"], quantity=1, first_article=True)
    assert single.status_code == 422 and error_code(single) == "bad_spec", single.text
    assert "batch of 2 or more" in single.json()["error"]["message"]


async def held_order(api: Api) -> dict[str, Any]:
    """An accepted first-article order in production, its first article planned before the batch."""
    quote = await api.quote(first_article=True)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    order = accepted.json()
    assert order["specs"]["first_article"] is True
    planned = job_ids(api, order)
    assert planned[:2] == ["1/first", "1/first/qc"] and "1/make" in planned
    order = await api.walk(order, "approved", "in_production")
    assert "first_article" not in order["next_statuses"]
    return order


async def send_round(
    api: Api, clock: MovableClock, order: dict[str, Any], note: str
) -> dict[str, Any]:
    """Photograph the first article and send it: the first-article view after the send."""
    clock.offset += timedelta(hours=1)
    photo = await add_photo(api, order["id"], image(), stage="first_article")
    assert photo.status_code == 201, photo.text
    clock.offset += timedelta(minutes=5)
    sent = await send(api, await current(api, order), note=note)
    assert sent.status_code == 200, sent.text
    view: dict[str, Any] = sent.json()
    assert view["state"] == "awaiting_approval"
    assert [p["id"] for p in view["rounds"][-1]["photos"]] == [photo.json()["id"]]
    return view


async def test_nothing_moves_a_first_article_but_its_own_path(api: Api) -> None:
    order = await held_order(api)
    early = await api.move(order, "qc")
    assert early.status_code == 409 and error_code(early) == "first_article_pending"
    plain_move = await api.move(order, "first_article")
    assert plain_move.status_code == 403 and "first article" in plain_move.text
    bare = await send(api, order)
    assert bare.status_code == 409 and error_code(bare) == "first_article_photos_required"
    assert (await current(api, order))["status"] == "in_production"


async def test_qc_is_a_next_status_only_once_the_first_article_is_approved(
    api: Api, clock: MovableClock
) -> None:
    order = await held_order(api)
    plain = await api.walk(await api.order(), "approved", "in_production")
    assert order["next_statuses"] == [] and plain["next_statuses"] == ["qc"]
    await send_round(api, clock, order, "Within tolerance")
    approved = await decide(api, order["id"], api.staff(), approve=True)
    assert approved.status_code == 200, approved.text
    assert (await current(api, order))["next_statuses"] == ["qc"]
    listed = await api.client.get("/api/v1/orders", headers=api.staff())
    nexts = {o["id"]: o["next_statuses"] for o in listed.json()["orders"]}
    assert nexts[order["id"]] == ["qc"] and nexts[plain["id"]] == ["qc"]


async def test_the_batch_waits_for_the_customers_approval_of_a_first_article(
    api: Api, clock: MovableClock
) -> None:
    order = await held_order(api)
    await send_round(api, clock, order, "All dimensions within ISO 2768-m")
    order = await current(api, order)
    assert order["status"] == "first_article" and order["next_statuses"] == []
    told = [e for e in await feed(api) if e["kind"] == "first_article"]
    assert [(e["customer"], e["note"]) for e in told] == [
        ("1001", "All dimensions within ISO 2768-m")
    ]
    assert not any(job.startswith("1/first") for job in job_ids(api, order))

    # Another customer cannot see or decide it; changes need a reason.
    stranger = await decide(api, order["id"], customer(BOB), approve=True)
    assert stranger.status_code == 404
    path = f"/api/v1/orders/{order['id']}/first-article"
    assert (await api.client.get(path, headers=customer(BOB))).status_code == 404
    mute = await decide(api, str(order["number"]), customer(), approve=False, note="  ")
    assert mute.status_code == 400 and error_code(mute) == "note_required"
    changes = await decide(
        api, str(order["number"]), customer(), approve=False, note="Make the lip 0.5 mm thicker"
    )
    assert changes.status_code == 200, changes.text
    assert changes.json()["state"] == "making"
    assert changes.json()["rounds"][0]["decision"] == "changes"
    order = await current(api, order)
    assert order["status"] == "in_production"
    assert job_ids(api, order)[:2] == ["1/first", "1/first/qc"]  # another one first
    again = await send(api, order)
    assert again.status_code == 409 and error_code(again) == "first_article_photos_required"

    view = await send_round(api, clock, order, "Lip 2.5 mm")
    assert [r["round"] for r in view["rounds"]] == [1, 2]
    approved = await decide(api, order["id"], customer(), approve=True)
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved"
    assert approved.json()["rounds"][1]["decided_by"] == "customer:1001"
    order = await current(api, order)
    planned = job_ids(api, order)
    assert not any(job.startswith("1/first") for job in planned) and "1/make" in planned
    kinds = [e["kind"] for e in await feed(api) if e["kind"].startswith("first_article")]
    assert kinds == [
        "first_article",
        "first_article_changes",
        "first_article",
        "first_article_approved",
    ]
    twice = await decide(api, order["id"], customer(), approve=True)
    assert twice.status_code == 409 and error_code(twice) == "first_article_not_sent"
    after = await send(api, order)
    assert after.status_code == 409 and error_code(after) == "first_article_approved"
    assert (await api.walk(order, "qc", "packed"))["status"] == "packed"


async def test_staff_record_a_decision_for_the_customer_and_plain_orders_have_none(
    api: Api, clock: MovableClock
) -> None:
    plain = await api.walk(await api.order(), "approved", "in_production")
    refused = await add_photo(api, plain["id"], image(), stage="first_article")
    assert refused.status_code == 409 and error_code(refused) == "no_first_article"
    view = await api.client.get(f"/api/v1/orders/{plain['id']}/first-article", headers=customer())
    assert view.status_code == 200 and view.json()["state"] == "not_required"
    not_sent = await decide(api, plain["id"], customer(), approve=True)
    assert not_sent.status_code == 409 and error_code(not_sent) == "first_article_not_sent"

    quote = await api.quote(first_article=True, quantity=4)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    order = await api.walk(accepted.json(), "approved", "in_production")
    assert (await add_photo(api, order["id"], image(), stage="first_article")).status_code == 201
    clock.offset += timedelta(minutes=1)
    stale = await api.client.post(
        f"/api/v1/orders/{order['id']}/first-article/send",
        json={"version": order["version"] - 1},
        headers=api.staff(),
    )
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    assert (await send(api, order)).status_code == 200
    by_phone = await decide(api, order["id"], api.staff(), approve=True, note="Approved by phone")
    assert by_phone.status_code == 200, by_phone.text
    assert by_phone.json()["rounds"][0]["decided_by"] == "staff:alice"
    history = (await current(api, order))["history"]
    assert [h["status"] for h in history[-2:]] == ["first_article", "in_production"]
    assert history[-1]["note"] == "Approved by phone"


async def test_photos_belong_to_the_first_article_they_were_sent_with_and_only_sent_ones_show(
    api: Api,
) -> None:
    """On a clock that never moves: rounds are told apart by what was sent, not by time."""
    order = await held_order(api)
    photos = f"/api/v1/orders/{order['id']}/photos"
    first = (await add_photo(api, order["id"], image(), stage="first_article")).json()
    qc = (await add_photo(api, order["id"], image(), stage="qc")).json()
    # Not sent yet: the customer sees neither the photo nor its address; staff see both.
    listed = (await api.client.get(photos, headers=customer())).json()["items"]
    assert [p["id"] for p in listed] == [qc["id"]]
    hidden = await api.client.get(first["url"], headers=customer())
    assert hidden.status_code == 404
    staff_list = (await api.client.get(photos, headers=api.staff())).json()["items"]
    assert {p["id"] for p in staff_list} == {first["id"], qc["id"]}
    view = await api.client.get(f"/api/v1/orders/{order['id']}/first-article", headers=customer())
    assert view.json()["unsent_photos"] == []
    # Ten photos per first article sent: the second takes its own ten.
    extra = [
        (await add_photo(api, order["id"], image(), stage="first_article")).json()["id"]
        for _ in range(MAX_PHOTOS_PER_STAGE - 1)
    ]
    full = await add_photo(api, order["id"], image(), stage="first_article")
    assert full.status_code == 409 and error_code(full) == "too_many_photos"
    sent = await send(api, await current(api, order))
    assert sent.status_code == 200, sent.text
    assert [p["id"] for p in sent.json()["rounds"][0]["photos"]] == [first["id"], *extra]
    assert (await api.client.get(first["url"], headers=customer())).status_code == 200
    changes = await decide(api, order["id"], customer(), approve=False, note="Thicker lip")
    assert changes.status_code == 200, changes.text
    again = await add_photo(api, order["id"], image("PNG"), stage="first_article")
    assert again.status_code == 201, again.text
    resent = await send(api, await current(api, order))
    assert resent.status_code == 200, resent.text
    rounds = resent.json()["rounds"]
    assert [len(r["photos"]) for r in rounds] == [MAX_PHOTOS_PER_STAGE, 1]
    assert rounds[1]["photos"][0]["id"] == again.json()["id"]
