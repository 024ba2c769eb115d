"""Customer profiles: asked once in chat, reused for every order; staff see them and set terms."""

from __future__ import annotations

import re

import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_customer, require_staff
from backend.customers import repository
from backend.customers.addresses import address_of, checked_address
from backend.customers.contacts import check_email, check_name, check_phone
from backend.customers.countries import shop_country
from backend.customers.repository import ProfileRow
from backend.customers.schemas import (
    AccountTerms,
    Address,
    AddressInput,
    CustomerSummary,
    Profile,
    ProfileUpdate,
    TelegramName,
)
from backend.customers.vat import check_vat_id, reverse_charge, vat_country
from backend.db import Conn, Database, now_iso
from backend.errors import NotFound
from backend.ratecards.service import RateCardService
from backend.structs import Clock, new_id

log = structlog.get_logger("smallbatch.customers")


def _known_form(customer: str) -> None:
    """Customers are Telegram user ids (digits, no leading zero); anything else names nobody."""
    if not re.fullmatch(r"[1-9][0-9]{0,19}", customer):  # ASCII digits only, as ids are
        raise NotFound("No such customer.")


class CustomerService:
    """Reads and changes profiles and addresses; a customer only their own, staff anyone's."""

    def __init__(self, db: Database, cards: RateCardService, clock: Clock) -> None:
        self._db = db
        self._cards = cards
        self._clock = clock

    async def get(self, principal: Principal) -> Profile:
        """The caller's own profile (empty before they gave one)."""
        customer = require_customer(principal)
        async with self._db.read() as conn:
            return await self._profile(conn, customer)

    async def for_staff(self, principal: Principal, customer: str) -> Profile:
        """Any customer's profile, for staff."""
        require_staff(principal)
        _known_form(customer)
        async with self._db.read() as conn:
            return await self._profile(conn, customer)

    async def update(self, principal: Principal, change: ProfileUpdate) -> Profile:
        """Change the fields sent; each is checked first, so a bad one changes nothing.

        Raises:
            InvalidName, InvalidEmail, InvalidPhone, InvalidVatId: with a sentence for the customer.
        """
        customer = require_customer(principal)
        async with self._db.write() as tx:
            row = await repository.get_profile(tx, customer) or self._empty(customer)
            fields = await self._checked(tx, row, change)
            changed = row._asdict() | fields | {"updated_at": self._now()}
            await repository.save_profile(tx, ProfileRow(**changed))
            log.info("profile_changed", customer=customer, fields=sorted(fields))
            return await self._profile(tx, customer)

    async def add_address(self, principal: Principal, data: AddressInput) -> Address:
        """Add a checked address; the first one (or one sent as `default`) is the default.

        Raises:
            AddressIncomplete, InvalidPostcode, CountryNotShipped, InvalidName, InvalidPhone.
        """
        customer = require_customer(principal)
        row = checked_address(data, self._cards.active)
        async with self._db.write() as tx:
            row = await repository.add_address(
                tx,
                row._replace(
                    id=new_id("adr"), customer=customer, is_default=data.default,
                    created_at=self._now(),
                ),
            )  # fmt: skip
        log.info("address_added", customer=customer, country=row.country)
        return address_of(row)

    async def remove_address(self, principal: Principal, address_id: str) -> Profile:
        """Take an address off the profile (orders keep their own copy)."""
        customer = require_customer(principal)
        async with self._db.write() as tx:
            if not await repository.remove_address(tx, customer, address_id, self._now()):
                raise NotFound("No such address.")
            return await self._profile(tx, customer)

    async def make_default(self, principal: Principal, address_id: str) -> Profile:
        """Make one of the customer's addresses the one orders start with."""
        customer = require_customer(principal)
        async with self._db.write() as tx:
            if not await repository.set_default_address(tx, customer, address_id):
                raise NotFound("No such address.")
            return await self._profile(tx, customer)

    async def set_terms(self, principal: Principal, customer: str, terms: AccountTerms) -> Profile:
        """Staff put a customer on account (NET `net_days`) or off it; who and when are kept."""
        require_staff(principal)
        _known_form(customer)
        async with self._db.write() as tx:
            row = await repository.get_profile(tx, customer) or self._empty(customer)
            now = self._now()
            await repository.save_profile(
                tx, row._replace(
                    on_account=terms.on_account, net_days=terms.net_days,
                    account_by=principal.actor, account_at=now, updated_at=now,
                ),
            )  # fmt: skip
            log.info("account_terms", customer=customer, on_account=terms.on_account,
                     net_days=terms.net_days, by=principal.actor)  # fmt: skip
            return await self._profile(tx, customer)

    async def summaries(self, principal: Principal, limit: int = 500) -> list[CustomerSummary]:
        """Customers with a profile, for staff: those on account first."""
        require_staff(principal)
        async with self._db.read() as conn:
            rows = await repository.list_profiles(conn, limit)
        return [
            CustomerSummary(
                customer=row.customer,
                name=row.name,
                company=row.company,
                on_account=row.on_account,
                net_days=row.net_days,
            )
            for row in rows
        ]

    async def _checked(self, conn: Conn, row: ProfileRow, change: ProfileUpdate) -> dict[str, str]:
        fields: dict[str, str] = {}
        if change.name is not None:
            fields["name"] = check_name(change.name)
        if change.company is not None:
            fields["company"] = (
                check_name(change.company, what="company") if change.company.strip() else ""
            )
        if change.email is not None:
            fields["email"] = check_email(change.email)
        if change.phone is not None:
            fields["phone"] = check_phone(change.phone, await self._region(conn, row.customer))
        if change.vat_id is not None:
            fields["vat_id"] = check_vat_id(change.vat_id).number if change.vat_id.strip() else ""
        return fields

    async def _region(self, conn: Conn, customer: str) -> str:
        """Where a number without "+" is dialled: the default address's country, or the shop's."""
        addresses = await repository.list_addresses(conn, customer)
        return addresses[0].country if addresses else shop_country(self._cards.active)

    async def keep_telegram_name(self, principal: Principal, name: TelegramName) -> None:
        """Store the customer's name as Telegram shows it, unless one is stored already."""
        customer = require_customer(principal)
        fields = (name.first_name.strip(), name.last_name.strip(), name.username)
        async with self._db.write() as tx:
            await repository.keep_telegram_name(tx, customer, fields, self._now())

    async def telegram_name(self, principal: Principal, customer: str) -> TelegramName | None:
        """A customer's Telegram name as the bot first saw it, for staff; None if never seen."""
        require_staff(principal)
        async with self._db.read() as conn:
            found = await repository.telegram_name(conn, customer)
        if found is None:
            return None
        return TelegramName(first_name=found[0], last_name=found[1], username=found[2])

    async def _profile(self, conn: Conn, customer: str) -> Profile:
        row = await repository.get_profile(conn, customer) or self._empty(customer)
        addresses = await repository.list_addresses(conn, customer)
        return Profile(
            customer=customer, name=row.name, company=row.company, email=row.email,
            phone=row.phone, vat_id=row.vat_id, vat_country=vat_country(row.vat_id),
            reverse_charge=reverse_charge(row.vat_id, shop_country(self._cards.active)),
            on_account=row.on_account, net_days=row.net_days,
            addresses=[address_of(address) for address in addresses],
            complete=bool(row.name and row.email and row.phone),
            account_by=row.account_by, account_at=row.account_at,
        )  # fmt: skip

    def _empty(self, customer: str) -> ProfileRow:
        now = self._now()
        return ProfileRow(customer, "", "", "", "", "", False, 30, None, None, now, now)

    def _now(self) -> str:
        return now_iso(self._clock.now())
