"""Fixtures for pricing tests: the default card and a fixed Monday."""

from __future__ import annotations

from datetime import date

import pytest

from pricing import RateCard, load_rate_card
from pricing.catalog import DEFAULT_CARD

#: A Monday, so lead times in working days are easy to check by hand.
MONDAY = date(2026, 3, 2)


@pytest.fixture(scope="session")
def card() -> RateCard:
    """The rate card that ships with the package."""
    return load_rate_card(DEFAULT_CARD)


@pytest.fixture
def monday() -> date:
    """A fixed Monday to count working days from."""
    return MONDAY
