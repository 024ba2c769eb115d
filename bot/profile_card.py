"""The profile card `/profile` shows: its text, its buttons and their payloads."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.profile_api import Profile
from bot.render import esc
from vocabulary.countries import country_name

#: The profile's fields in the order they are asked; the optional ones get a Skip button.
FIELDS = ("name", "company", "email", "phone", "vat_id")
OPTIONAL = frozenset({"company", "vat_id"})


class ProfileAction(StrEnum):
    """A button on the profile card or under a profile or address question."""

    EDIT = "e"  # value: the field
    ADD_ADDRESS = "a"
    DEFAULT = "d"  # value: the address id
    REMOVE = "r"  # value: the address id
    SKIP = "s"  # the optional question asked now
    USE_NAME = "n"  # the profile's name as the recipient
    COUNTRY = "c"  # value: the country code


class ProfileCb(CallbackData, prefix="pf"):
    """A profile button: what it does and what it names (a field, an address id, a code)."""

    action: ProfileAction
    value: str = ""


def button(text: str, action: ProfileAction, value: str = "") -> InlineKeyboardButton:
    """One profile button."""
    return InlineKeyboardButton(
        text=text, callback_data=ProfileCb(action=action, value=value).pack()
    )


class AddressLike(Protocol):
    """An address as the backend sends it: on a profile, or copied onto an order."""

    @property
    def recipient(self) -> str: ...  # noqa: D102
    @property
    def company(self) -> str: ...  # noqa: D102
    @property
    def line1(self) -> str: ...  # noqa: D102
    @property
    def line2(self) -> str: ...  # noqa: D102
    @property
    def postcode(self) -> str: ...  # noqa: D102
    @property
    def city(self) -> str: ...  # noqa: D102
    @property
    def country(self) -> str: ...  # noqa: D102


def address_text(tr: Translator, address: AddressLike) -> str:
    """An address on one line, plain: "Anna Schmidt, Main St 1, 10115 Berlin, Germany"."""
    country = country_name(address.country, tr.language)
    town = f"{address.postcode} {address.city}"
    parts = [address.recipient, address.company, address.line1, address.line2, town, country]
    return ", ".join(part for part in parts if part)


def address_line(tr: Translator, address: AddressLike) -> str:
    """An address on one line, as the customer reads it (HTML-escaped)."""
    return esc(address_text(tr, address))


def profile_text(tr: Translator, profile: Profile) -> str:
    """The profile card's text: contacts, VAT ID (with the reverse charge), terms, addresses."""
    missing = tr("profile_missing")
    lines = [
        tr("profile_head"),
        tr("profile_name", name=esc(profile.name) or missing),
        tr("profile_company", company=esc(profile.company) or missing),
        tr("profile_email", email=esc(profile.email) or missing),
        tr("profile_phone", phone=esc(profile.phone) or missing),
        tr("profile_reverse_charge" if profile.reverse_charge else "profile_vat_id",
           vat_id=esc(profile.vat_id) or missing),
    ]  # fmt: skip
    if profile.on_account:
        lines.append(tr("profile_on_account", days=profile.net_days))
    lines += ["", tr("profile_addresses")]
    for n, address in enumerate(profile.addresses, 1):
        mark = f" {tr('profile_default')}" if address.default else ""
        lines.append(f"{n}. {address_line(tr, address)}{mark}")
    if not profile.addresses:
        lines.append(tr("profile_no_addresses"))
    return "\n".join(lines)


def profile_keyboard(tr: Translator, profile: Profile) -> InlineKeyboardMarkup:
    """Edit each field, add an address, and per address: make it the default or remove it."""
    edits = [button(tr(f"profile_edit_{field}"), ProfileAction.EDIT, field) for field in FIELDS]
    rows = [edits[:3], edits[3:], [button(tr("profile_add_address"), ProfileAction.ADD_ADDRESS)]]
    for n, address in enumerate(profile.addresses, 1):
        row = [button(tr("profile_remove_address", n=n), ProfileAction.REMOVE, address.id)]
        if not address.default:
            row.insert(
                0, button(tr("profile_make_default", n=n), ProfileAction.DEFAULT, address.id)
            )
        rows.append(row)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def buyer_lines(tr: Translator, profile: Profile) -> list[str]:
    """The staff card's lines on who ordered: name and company, then e-mail and phone."""
    who = " · ".join(esc(part) for part in (profile.name, profile.company) if part)
    contacts = " · ".join(esc(part) for part in (profile.email, profile.phone) if part)
    lines = [tr("staff_buyer", who=who)] if who else []
    return lines + ([contacts] if contacts else [])
