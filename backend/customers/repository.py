"""SQL for customer profiles and their shipping addresses."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class ProfileRow(NamedTuple):
    """A customer's profile as stored; '' where nothing was given."""

    customer: str
    name: str
    company: str
    email: str
    phone: str
    vat_id: str
    on_account: bool
    net_days: int
    account_by: str | None
    account_at: str | None
    created_at: str
    updated_at: str


class AddressRow(NamedTuple):
    """A shipping address as stored."""

    id: str
    customer: str
    recipient: str
    company: str
    line1: str
    line2: str
    city: str
    postcode: str
    region: str
    country: str
    phone: str
    is_default: bool
    created_at: str
    removed_at: str | None


_PROFILE = (
    "SELECT customer, name, company, email, phone, vat_id, on_account, net_days, account_by,"
    " account_at, created_at, updated_at FROM customer_profiles"
)
_ADDRESS = (
    "SELECT id, customer, recipient, company, line1, line2, city, postcode, region, country,"
    " phone, is_default, created_at, removed_at FROM addresses"
)


def _profile(values: tuple[object, ...]) -> ProfileRow:
    row = ProfileRow(*values)  # type: ignore[arg-type]
    return row._replace(on_account=bool(row.on_account))


def _address(values: tuple[object, ...]) -> AddressRow:
    row = AddressRow(*values)  # type: ignore[arg-type]
    return row._replace(is_default=bool(row.is_default))


async def get_profile(conn: Conn, customer: str) -> ProfileRow | None:
    """The customer's profile, or None before they gave one."""
    row = await conn.fetch_one(f"{_PROFILE} WHERE customer = ?", (customer,))
    return None if row is None else _profile(tuple(row))


async def save_profile(conn: Conn, row: ProfileRow) -> None:
    """Insert or replace the customer's profile (every column as given)."""
    await conn.execute(
        "INSERT INTO customer_profiles (customer, name, company, email, phone, vat_id,"
        " on_account, net_days, account_by, account_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (customer) DO UPDATE SET name = excluded.name, company = excluded.company,"
        " email = excluded.email, phone = excluded.phone, vat_id = excluded.vat_id,"
        " on_account = excluded.on_account, net_days = excluded.net_days,"
        " account_by = excluded.account_by, account_at = excluded.account_at,"
        " updated_at = excluded.updated_at",
        (*row[:6], int(row.on_account), *row[7:]),
    )


async def list_addresses(conn: Conn, customer: str) -> list[AddressRow]:
    """The customer's current addresses, the default first, then oldest first."""
    rows = await conn.fetch_all(
        f"{_ADDRESS} WHERE customer = ? AND removed_at IS NULL"
        " ORDER BY is_default DESC, created_at, id",
        (customer,),
    )
    return [_address(tuple(values)) for values in rows]


async def get_address(conn: Conn, customer: str, address_id: str) -> AddressRow | None:
    """One of the customer's current addresses (None if it is someone else's or removed)."""
    row = await conn.fetch_one(
        f"{_ADDRESS} WHERE id = ? AND customer = ? AND removed_at IS NULL", (address_id, customer)
    )
    return None if row is None else _address(tuple(row))


async def add_address(conn: Conn, row: AddressRow) -> AddressRow:
    """Add an address to the customer's profile; their first one is the default. As stored."""
    if not row.is_default and not await list_addresses(conn, row.customer):
        row = row._replace(is_default=True)
    await insert_address(conn, row)
    return row


async def insert_address(conn: Conn, row: AddressRow) -> None:
    """Add an address; when it is the default, the customer's other addresses stop being it."""
    if row.is_default:
        await conn.execute(
            "UPDATE addresses SET is_default = 0 WHERE customer = ? AND is_default = 1",
            (row.customer,),
        )
    await conn.execute(
        "INSERT INTO addresses (id, customer, recipient, company, line1, line2, city, postcode,"
        " region, country, phone, is_default, created_at, removed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row[:11], int(row.is_default), row.created_at, row.removed_at),
    )


async def remove_address(conn: Conn, customer: str, address_id: str, at: str) -> bool:
    """Take an address off the profile (orders keep their copies); the oldest left becomes default.

    Returns False when the customer has no such current address.
    """
    removed = await conn.execute(
        "UPDATE addresses SET removed_at = ?, is_default = 0"
        " WHERE id = ? AND customer = ? AND removed_at IS NULL",
        (at, address_id, customer),
    )
    if not removed:
        return False
    left = await list_addresses(conn, customer)
    if left and not any(row.is_default for row in left):
        await set_default_address(conn, customer, left[0].id)
    return True


async def set_default_address(conn: Conn, customer: str, address_id: str) -> bool:
    """Make one of the customer's current addresses the default (False: no such address)."""
    if await get_address(conn, customer, address_id) is None:
        return False
    await conn.execute(
        "UPDATE addresses SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END"
        " WHERE customer = ? AND removed_at IS NULL",
        (address_id, customer),
    )
    return True


async def list_profiles(conn: Conn, limit: int) -> list[ProfileRow]:
    """Profiles for staff: those on account first, then by name."""
    rows = await conn.fetch_all(
        f"{_PROFILE} ORDER BY on_account DESC, name, customer LIMIT ?", (limit,)
    )
    return [_profile(tuple(values)) for values in rows]


async def keep_telegram_name(
    conn: Conn, customer: str, name: tuple[str, str, str], at: str
) -> None:
    """Store the customer's Telegram (first name, last name, username) unless one is stored."""
    await conn.execute(
        "INSERT INTO telegram_names (customer, first_name, last_name, username, seen_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer) DO NOTHING",
        (customer, *name, at),
    )


async def telegram_name(conn: Conn, customer: str) -> tuple[str, str, str] | None:
    """The customer's stored Telegram (first name, last name, username), or None."""
    row = await conn.fetch_one(
        "SELECT first_name, last_name, username FROM telegram_names WHERE customer = ?",
        (customer,),
    )
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))
