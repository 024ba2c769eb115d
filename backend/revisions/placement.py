"""Where a newly uploaded file belongs: the next revision of a family, or a family of its own."""

from __future__ import annotations

from backend.db import Conn
from backend.errors import NotFound
from backend.parts import repository as parts
from backend.revisions import repository


async def place_in_family(
    conn: Conn, customer: str, filename: str, sha256: str, revision_of: str | None
) -> tuple[str, int]:
    """(family, revision) for a new part of `customer`'s; family "" starts a new one.

    `revision_of` (a part of theirs, e.g. the card the file replied to) names the family;
    else the customer's latest part of the same file name does, unless it is the very same
    file (sent again, not revised); else the part is revision 1 of its own. Called inside
    the upload's write transaction, so numbers never collide.

    Raises:
        NotFound: `revision_of` is not one of this customer's parts.
    """
    family: str | None = None
    if revision_of is not None:
        kin = await parts.get_part(conn, revision_of, customer)
        if kin is None:
            raise NotFound(f"There is no part {revision_of[:40]!r} to revise.")
        family = kin.family
    else:
        named = await repository.family_by_name(conn, customer, filename)
        if named is not None and named.sha256 != sha256:
            family = named.family
    if family is None:
        return "", 1
    return family, await repository.next_revision(conn, family)
