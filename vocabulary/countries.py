"""Country names in English and Russian, by ISO 3166-1 alpha-2 code, and reading one back.

Shared by the bot (it asks for a country and shows addresses) and the backend (it checks
the country of an address); a code without a name here is shown as its code.
"""

from __future__ import annotations

#: code: (English name, Russian name). The EU, its neighbours and the shop's usual markets.
COUNTRIES: dict[str, tuple[str, str]] = {
    "AT": ("Austria", "Австрия"),
    "BE": ("Belgium", "Бельгия"),
    "BG": ("Bulgaria", "Болгария"),
    "HR": ("Croatia", "Хорватия"),
    "CY": ("Cyprus", "Кипр"),
    "CZ": ("Czechia", "Чехия"),
    "DK": ("Denmark", "Дания"),
    "EE": ("Estonia", "Эстония"),
    "FI": ("Finland", "Финляндия"),
    "FR": ("France", "Франция"),
    "DE": ("Germany", "Германия"),
    "GR": ("Greece", "Греция"),
    "HU": ("Hungary", "Венгрия"),
    "IE": ("Ireland", "Ирландия"),
    "IT": ("Italy", "Италия"),
    "LV": ("Latvia", "Латвия"),
    "LT": ("Lithuania", "Литва"),
    "LU": ("Luxembourg", "Люксембург"),
    "MT": ("Malta", "Мальта"),
    "NL": ("Netherlands", "Нидерланды"),
    "PL": ("Poland", "Польша"),
    "PT": ("Portugal", "Португалия"),
    "RO": ("Romania", "Румыния"),
    "SK": ("Slovakia", "Словакия"),
    "SI": ("Slovenia", "Словения"),
    "ES": ("Spain", "Испания"),
    "SE": ("Sweden", "Швеция"),
    "GB": ("United Kingdom", "Великобритания"),
    "CH": ("Switzerland", "Швейцария"),
    "NO": ("Norway", "Норвегия"),
    "IS": ("Iceland", "Исландия"),
    "LI": ("Liechtenstein", "Лихтенштейн"),
    "US": ("United States", "США"),
    "CA": ("Canada", "Канада"),
    "RU": ("Russia", "Россия"),
    "UA": ("Ukraine", "Украина"),
    "TR": ("Turkey", "Турция"),
    "RS": ("Serbia", "Сербия"),
}

#: The EU's member states (for shipping defaults and VAT).
EU: frozenset[str] = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    | {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)

#: Other ways people write a country, lower case.
_ALIASES = {
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "britain": "GB",
    "usa": "US",
    "america": "US",
    "deutschland": "DE",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "österreich": "AT",
    "schweiz": "CH",
    "англия": "GB",
    "британия": "GB",
    "соединённые штаты": "US",
    "соединенные штаты": "US",
    "голландия": "NL",
    "чешская республика": "CZ",
    "рф": "RU",
}


def country_name(code: str, language: str) -> str:
    """The country `code` as a reader of `language` (en or ru) names it."""
    names = COUNTRIES.get(code)
    if names is None:
        return code
    return names[1] if language == "ru" else names[0]


def parse_country(text: str) -> str | None:
    """An ISO alpha-2 code from what a person typed: a code, or an English or Russian name."""
    typed = " ".join(text.strip().split()).casefold()
    if typed in _ALIASES:
        return _ALIASES[typed]
    if len(typed) == 2 and typed.isascii() and typed.isalpha():
        return typed.upper()
    for code, names in COUNTRIES.items():
        if typed in (names[0].casefold(), names[1].casefold()):
            return code
    return None
