"""The bot's routers, in the order they are tried: features first, the catch-all last."""

from __future__ import annotations

from aiogram import Router

from bot import address_flow, profile_flow
from bot.handlers import (
    checkout,
    claims,
    drawings,
    fallback,
    first_article,
    orders,
    parts,
    payments,
    photos,
    profile,
    qc_replies,
    quoting,
    rating,
    reorders,
    review,
    specs,
    staff,
    start,
    tracking,
)


def get_routers() -> list[Router]:
    """The routers for one dispatcher, in order: commands, state-bearing ones, catch-all last.

    Each feature's router lives in its module (aiogram's convention); a router belongs to
    one parent, so it is detached from a previous dispatcher first (tests build many).
    """
    routers = [
        start.router,
        payments.router,  # a successful payment is a message no other handler should take
        profile.router,
        profile_flow.router,  # its questions wait for typed text: before parts and the catch-all
        address_flow.router,
        staff.router,
        photos.router,  # photos in the staff group: after staff's own steps, before the rest
        review.router,
        quoting.router,
        specs.router,
        rating.router,
        claims.router,  # waits for typed text: before parts and the catch-all
        first_article.router,  # likewise (what should change in a first article)
        drawings.router,  # before parts: a PDF is a drawing, not a part
        parts.router,
        orders.router,
        checkout.router,
        tracking.router,
        reorders.router,
        qc_replies.router,  # numbers replied to a staff card; anything else falls through
        fallback.router,
    ]
    for router in routers:
        router._parent_router = None  # aiogram has no public detach
    return routers
