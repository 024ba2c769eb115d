"""Staff open a customer from an order, see the profile and put them on account (NET N)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.test_console.conftest import shot, sign_in
from tests.test_console.shop import Shop

CUSTOMER = "3020"


def test_staff_put_a_customer_on_account_from_the_order_page(page: Page, shop: Shop) -> None:
    headers = shop.bot_headers(CUSTOMER)
    details = {"name": "Greta <b>Lind</b>", "company": "Lind AB", "email": "greta@lind.se",
               "phone": "+46 8 123 456 78", "vat_id": "SE556012579001"}  # fmt: skip
    assert shop.http.patch("/api/v1/profile", json=details, headers=headers).status_code == 200
    address = {"recipient": "Greta Lind", "line1": "Drottninggatan 1", "city": "Stockholm",
               "postcode": "111 51", "country": "SE"}  # fmt: skip
    assert shop.http.post("/api/v1/profile/addresses", json=address, headers=headers).is_success
    order = shop.order(CUSTOMER)
    sign_in(page)
    page.goto(f"/console/orders/{order['id']}")
    page.click("#customer-link")
    expect(page.locator("h2")).to_contain_text("Greta <b>Lind</b>")  # shown as text
    profile = page.locator("#profile")
    expect(profile).to_contain_text("Lind AB")
    expect(profile).to_contain_text("+46812345678")
    expect(profile).to_contain_text("SE556012579001 · reverse charge")
    expect(page.locator("#addresses")).to_contain_text("111 51 Stockholm, SE default")
    expect(page.locator("#orders")).to_contain_text(f"#{order['number']}")
    expect(page.locator("#terms-now")).to_contain_text("Pays in advance")
    page.check("#on-account")
    page.fill("#net-days", "45")
    page.click("#save-terms")
    expect(page.locator("#done")).to_be_visible()
    expect(page.locator("#terms-now")).to_contain_text("On account, NET 45")
    expect(page.locator("#terms-now")).to_contain_text("set by staff:alice")
    seen = shop.http.get("/api/v1/profile", headers=headers).json()
    assert (seen["on_account"], seen["net_days"]) == (True, 45)
    shot(page, "customer-on-account")
    page.click("a[href='/console/customers']")
    row = page.locator(f"#customers tr[data-customer='{CUSTOMER}']")
    expect(row).to_contain_text("on account, NET 45")
    row.locator("a").click()
    page.uncheck("#on-account")
    page.click("#save-terms")
    expect(page.locator("#terms-now")).to_contain_text("Pays in advance")
    assert not shop.http.get("/api/v1/profile", headers=headers).json()["on_account"]
