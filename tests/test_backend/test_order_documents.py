"""The order confirmation and the invoice as drawn: numbers, parties, sums, terms, pages, QR."""

from __future__ import annotations

import re
from decimal import Decimal

import msgspec
import pytest

from backend.documents.epc import bank_account, epc_payload
from backend.documents.order_layout import render_confirmation, render_invoice
from backend.documents.order_model import (
    Buyer,
    OrderDocument,
    qr_payload,
)
from pricing import load_rate_card
from tests.language import latin_words
from tests.test_backend.documents import (
    ADDRESS,
    BUYER,
    ORDER_LABELS,
    ORDER_REFERENCE,
    an_order_document,
    drawn_qr,
    flat,
    image_count,
    overlapping_letters,
    page_count,
    qr_matrix,
)
from tests.test_bot.pdftext import pdf_text
from vocabulary.numbers import invoice_number, order_number

REVERSE_CHARGE = (
    "Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive 2006/112/EC)"
)
REVERSE_CHARGE_RU = "Обратное начисление: НДС уплачивает получатель (ст. 196 Директивы 2006/112/ЕС)"
IBAN = "DE89370400440532013000"


def amount(text: str, label: str, language: str = "en") -> Decimal:
    """The amount printed after `label` on its row ("€1,234.50" or "1 234,50 €")."""
    if language == "en":
        found = re.search(rf"{re.escape(label)} (−?)€([\d,.]+)\n", text)
        assert found, (label, text)
        return Decimal(found.group(1).replace("−", "-") + found.group(2).replace(",", ""))
    found = re.search(rf"{re.escape(label)} (−?)([\d\s\u00a0,]+)\u00a0?€", text)
    assert found, (label, text)
    digits = re.sub(r"\s", "", found.group(2)).replace(",", ".")
    return Decimal(found.group(1).replace("−", "-") + digits)


def test_numbers_are_written_one_way() -> None:
    assert invoice_number(123) == "INV-000123" and invoice_number(1234567) == "INV-1234567"
    assert order_number(12) == "#12"


def test_the_epc_payload_has_the_standards_fields_in_order() -> None:
    payload = epc_payload(
        name="smallbatch workshop", iban=IBAN, bic="COBADEFFXXX", amount=Decimal("1500.9"),
        currency="EUR", text="INV-000123",
    )  # fmt: skip
    assert payload == (
        f"BCD\n002\n1\nSCT\nCOBADEFFXXX\nsmallbatch workshop\n{IBAN}\nEUR1500.90\n\n\nINV-000123"
    )
    cut = epc_payload(
        name="A\nB " + "x" * 100, iban=IBAN, bic="COBADEFFXXX", amount=Decimal("0.01"),
        currency="EUR", text="t",
    )  # fmt: skip
    assert cut is not None and cut.split("\n")[5] == ("A B " + "x" * 100)[:70]
    for currency, value in (("USD", "10"), ("EUR", "0"), ("EUR", "1000000000")):
        assert epc_payload(
            name="s", iban=IBAN, bic="COBADEFFXXX", amount=Decimal(value), currency=currency,
            text="t",
        ) is None  # fmt: skip


def test_the_shops_account_is_read_from_its_payment_lines_only_when_valid() -> None:
    assert bank_account(load_rate_card().shop.payment) == (IBAN, "COBADEFFXXX")
    assert bank_account(["IBAN: de89 3704 0044 0532 0130 00", "SWIFT/BIC: COBADEFF"]) == (
        IBAN,
        "COBADEFF",
    )
    assert bank_account(["IBAN DE88 3704 0044 0532 0130 00", "BIC COBADEFFXXX"]) is None  # digits
    assert bank_account(["IBAN DE89 3704 0044 0532 0130 00"]) is None  # no BIC
    assert bank_account(["Pay by card"]) is None


def test_an_invoice_qr_is_a_transfer_and_otherwise_the_orders_reference() -> None:
    invoice = an_order_document("invoice", net_days=30, paid=("100.00",))
    assert qr_payload(invoice) == epc_payload(
        name=invoice.shop.name, iban=IBAN, bic="COBADEFFXXX", amount=invoice.amount_due,
        currency="EUR", text="INV-000123",
    )  # fmt: skip
    assert "\nEUR1500.98\n" in qr_payload(invoice)
    confirmation = an_order_document("confirmation")
    no_bank = msgspec.structs.replace(
        invoice, shop=msgspec.structs.replace(invoice.shop, payment=["Pay in cash"])
    )
    dollars = an_order_document("invoice", currency="USD")
    for document in (confirmation, no_bank, dollars):
        assert qr_payload(document) == document.reference
    # The invoice's page carries the transfer, module for module.
    expected = qr_matrix(qr_payload(invoice))
    assert (drawn_qr(render_invoice(invoice), len(expected)) == expected).all()


def test_an_invoice_on_account_shows_parties_lines_sums_terms_and_where_to_pay() -> None:
    data = render_invoice(an_order_document("invoice", net_days=30, paid=("100.00",)))
    text = pdf_text(data)
    assert "Invoice" in text and "Number INV-000123" in text and "Order #12" in text, text
    assert "Date 3 December 2026" in text and "Due 2 January 2027" in text, text
    for value in (BUYER.name, BUYER.company, BUYER.email, BUYER.phone, BUYER.vat_id, *ADDRESS):
        assert value in text, value
    for label, price in zip(ORDER_LABELS["en"], ("€1,234.50", "€87.25", "€12.40"), strict=True):
        assert f"{label} {price}" in text, text
    subtotal, tax, total = (amount(text, k) for k in ("Subtotal", "VAT 20%", "Total with VAT"))
    assert subtotal + tax == total == Decimal("1600.98")
    paid, due = amount(text, "Paid, 3 December 2026"), amount(text, "Amount due")
    assert (paid, due) == (Decimal(-100), total - 100)
    assert "Payment terms: NET 30, due 2 January 2027" in text, text
    assert "Please transfer €1,500.98 to the account below, quoting INV-000123." in text
    # The bank details stand in the box at the top as well as with the payment details.
    assert text.count("IBAN DE89 3704 0044 0532 0130 00") == 2, text
    assert "Shipping method Standard parcel" in text and "Ship date 9 December 2026" in text
    assert "Reverse charge" not in text and image_count(data) == 1


def test_an_invoice_due_on_receipt_asks_for_a_deposits_share() -> None:
    text = pdf_text(render_invoice(an_order_document("invoice", deposit_percent=30)))
    assert "Due on receipt" in text and "Payment terms" not in text, text
    assert amount(text, "Deposit due now (30%)") == Decimal("480.29"), text


def test_a_reverse_charged_invoice_has_no_tax_and_says_who_accounts_for_it() -> None:
    english = pdf_text(render_invoice(an_order_document("invoice", reverse_charge=True)))
    assert REVERSE_CHARGE in english, english
    assert amount(english, "VAT 0%") == 0 and amount(english, "Total with VAT") == Decimal(
        "1334.15"
    )
    russian = render_invoice(an_order_document("invoice", "ru", reverse_charge=True))
    assert REVERSE_CHARGE_RU in pdf_text(russian)
    assert REVERSE_CHARGE_RU not in pdf_text(render_invoice(an_order_document("invoice", "ru")))
    taxed = an_order_document("invoice")
    with pytest.raises(ValueError, match="no tax"):
        msgspec.structs.replace(taxed, reverse_charge=True)


def test_an_order_confirmation_thanks_and_shows_what_is_paid_and_left() -> None:
    data = render_confirmation(an_order_document("confirmation", paid=("1600.98",)))
    text = pdf_text(data)
    assert "Order confirmation" in text and "Order #12" in text and "INV-" not in text, text
    assert "Thank you for your order." in text and "Due" not in text, text
    assert amount(text, "Paid, 3 December 2026") == Decimal("-1600.98")
    assert amount(text, "Balance to pay") == 0
    assert f"Reference: {ORDER_REFERENCE}" in text and image_count(data) == 1
    assert "Page 1 of" in text and "Payment terms" not in text and "Reverse charge" not in text


def test_russian_documents_are_russian_but_for_names() -> None:
    shop = load_rate_card().shop
    names = [BUYER.name, BUYER.company, BUYER.email, BUYER.phone, BUYER.vat_id, *ADDRESS,
             shop.name, *shop.address, shop.email, shop.phone, shop.website, shop.tax_id,
             *shop.payment, "INV-000123", ORDER_REFERENCE, "bracket.stl"]  # fmt: skip
    invoice = pdf_text(
        render_invoice(an_order_document("invoice", "ru", net_days=30, paid=("100.00",)))
    )
    confirmation = pdf_text(render_confirmation(an_order_document("confirmation", "ru")))
    for text in (invoice, confirmation):
        assert latin_words(text, names) == [], text
    assert "Счёт" in invoice and "Оплатить до 2 января 2027 г." in invoice, invoice
    assert "Условия оплаты: отсрочка 30 дн., оплатить до 2 января 2027 г." in invoice, invoice
    assert amount(invoice, "К оплате", "ru") == Decimal("1500.98"), invoice
    assert "Подтверждение заказа" in confirmation and "Заказ #12" in confirmation
    total = amount(confirmation, "Итого с НДС", "ru")
    assert amount(confirmation, "Остаток к оплате", "ru") == total == Decimal("1600.98")
    assert amount(confirmation, "НДС 20 %", "ru") == Decimal("266.83"), confirmation


def test_forty_lines_flow_onto_numbered_pages_without_overlap() -> None:
    labels = [f"Operation {i}: a line long enough to need its own room" for i in range(39)]
    amounts = [f"{10 + i}.{i:02d}" for i in range(40)]
    document = an_order_document("invoice", labels=labels, amounts=amounts, method="Pallet")
    data = render_invoice(document)
    text, pages = pdf_text(data), page_count(data)
    assert pages >= 2 and f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    for label, price in zip([*labels, "Shipping: Pallet"], amounts, strict=True):
        assert flat(f"{label} €{price}") in flat(text), label
    assert text.count("Invoice INV-000123") >= pages  # every page's foot names the invoice
    assert overlapping_letters(data) == []


def test_documents_that_do_not_add_up_or_mix_kinds_are_refused() -> None:
    invoice = an_order_document("invoice", paid=("100.00",))
    with pytest.raises(ValueError, match="left to pay"):
        msgspec.structs.replace(invoice, amount_due=invoice.total)
    with pytest.raises(ValueError, match="invoice number"):
        msgspec.structs.replace(invoice, invoice_number=None)
    with pytest.raises(ValueError, match="due date"):
        msgspec.structs.replace(invoice, net_days=30)
    with pytest.raises(ValueError, match="not an order confirmation"):
        render_confirmation(invoice)
    assert isinstance(invoice, OrderDocument)


def test_a_buyer_with_only_a_name_and_no_shipping_still_makes_a_document() -> None:
    bare = msgspec.structs.replace(
        an_order_document("invoice"), buyer=Buyer(name="<b>Bob</b> & Co"), address=[],
        shipping_method="", ship_date=None,
    )  # fmt: skip
    text = pdf_text(render_invoice(bare))
    assert "<b>Bob</b> & Co" in text and "Amount due" in text, text
    assert "Company" not in text and "Shipping method" not in text and "Ship date" not in text
