"""Dates and numbers as each export language writes them, from small tables (no locale module).

An export is written in the report's language whatever the interface language or the
computer's locale, so the formats cannot come from the operating system; and the program does
not carry Babel. The tables follow the Unicode CLDR conventions of the language as the
Program's members use it: American English, Latin American Spanish (grouping as in Mexico and
Central America: 12,000.50), French (12 000,50 with a narrow no-break space), Brazilian
Portuguese (12.000,50). A test holds them against Babel's CLDR data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "pt": (
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ),
}  # fmt: skip

# "November 22, 2026", "22 de noviembre de 2026", "22 novembre 2026", "22 de novembro de 2026".
_LONG_DATE = {
    "en": "{month} {day}, {year}",
    "es": "{day} de {month} de {year}",
    "fr": "{day} {month} {year}",
    "pt": "{day} de {month} de {year}",
}
# Thousands separator, decimal separator.
_SEPARATORS = {
    "en": (",", "."),
    "es": (",", "."),
    "fr": ("\u202f", ","),
    "pt": (".", ","),
}
_PERCENT = {"en": "{number}%", "es": "{number}%", "fr": "{number}\u00a0%", "pt": "{number}%"}


def _language(language: str) -> str:
    code = language.replace("-", "_").split("_")[0].lower()
    return code if code in MONTHS else "en"


def format_date(day: date, language: str) -> str:
    """The date written out: 'November 22, 2026', '22 de noviembre de 2026' ..."""
    language = _language(language)
    return _LONG_DATE[language].format(
        day=day.day, month=MONTHS[language][day.month - 1], year=day.year
    )


def format_moment(moment: datetime, language: str) -> str:
    """A date and time in UTC: 'November 22, 2026, 14:32 UTC', '22 novembre 2026, 14:32 UTC'.

    A moment without a time zone is taken to be in UTC already.
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{format_date(moment.date(), language)}, {moment:%H:%M} UTC"


def format_number(number: int | float | Decimal, language: str, decimals: int = 0) -> str:
    """``number`` with the language's separators: 1,234.5; 1.234,5; 1 234,5."""
    group, point = _SEPARATORS[_language(language)]
    english = f"{number:,.{decimals}f}"
    return english.replace(",", "\0").replace(".", point).replace("\0", group)


def format_count(number: int, language: str) -> str:
    """A whole number with the language's thousands separator: 32,767; 32.767; 32 767."""
    return format_number(number, language)


def format_amount(amount: Decimal, language: str) -> str:
    """An amount of money with two decimals: 12,000.00; 12.000,00; 12 000,00."""
    return format_number(amount, language, decimals=2)


def format_percent(part: int, whole: int, language: str) -> str:
    """``part`` of ``whole`` as a whole percentage: '46%', '46 %'; '—' when ``whole`` is 0."""
    if not whole:
        return "—"
    return _PERCENT[_language(language)].format(number=round(100 * part / whole))
