"""Fixtures for planning tests: the default rate card."""

from __future__ import annotations

import pytest

from pricing import RateCard, load_rate_card
from pricing.catalog import DEFAULT_CARD


@pytest.fixture(scope="session")
def card() -> RateCard:
    """The rate card that ships with the package."""
    return load_rate_card(DEFAULT_CARD)
