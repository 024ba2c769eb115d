"""Price a part for every small-batch process from the shop's own rate card.

A pure library like `geometry`: a `MeshReport` and a `RateCard` in, a `Quote`
or a `Comparison` out. No I/O beyond reading the TOML card it is pointed at, no
async, no web or database imports. Money is integer minor units.
"""

from pricing.catalog import (
    PROCESS_IDS,
    RateCard,
    card_version,
    load_rate_card,
    parse_rate_card,
)
from pricing.chart import price_chart
from pricing.compare import Best, Comparison, Crossover, Curve, compare
from pricing.errors import (
    BadQuantityError,
    PricingError,
    RateCardError,
    UnknownMaterialError,
    UnknownOptionError,
    UnknownProcessError,
)
from pricing.export import (
    JsonComparison,
    comparison_to_json,
    comparison_to_json_dict,
    quote_to_json,
)
from pricing.feasibility import Reason
from pricing.money import format_minor
from pricing.quantities import parse_quantities
from pricing.quote import Line, Quote, QuoteRequest, quote

__all__ = [
    "PROCESS_IDS",
    "BadQuantityError",
    "Best",
    "Comparison",
    "Crossover",
    "Curve",
    "JsonComparison",
    "Line",
    "PricingError",
    "Quote",
    "QuoteRequest",
    "RateCard",
    "RateCardError",
    "Reason",
    "UnknownMaterialError",
    "UnknownOptionError",
    "UnknownProcessError",
    "card_version",
    "compare",
    "comparison_to_json",
    "comparison_to_json_dict",
    "format_minor",
    "load_rate_card",
    "parse_quantities",
    "parse_rate_card",
    "price_chart",
    "quote",
    "quote_to_json",
]
