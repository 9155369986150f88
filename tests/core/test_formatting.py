"""The export's dates and numbers agree with the Unicode CLDR data of each language (via Babel)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from babel.dates import format_date as cldr_date
from babel.numbers import format_decimal as cldr_decimal
from babel.numbers import format_percent as cldr_percent

from app.core.formatting import (
    MONTHS,
    format_amount,
    format_count,
    format_date,
    format_moment,
    format_percent,
)

# The CLDR locale each export language follows (see app.core.formatting).
LOCALES = {"en": "en_US", "es": "es_419", "fr": "fr", "pt": "pt_BR"}


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_every_month_is_written_as_cldr_writes_it(language):
    for month in range(1, 13):
        for day in (1, 9, 22):
            moment = date(2026, month, day)
            expected = cldr_date(moment, "long", locale=LOCALES[language])
            assert format_date(moment, language) == expected


def test_the_examples_of_the_four_languages():
    day = date(2026, 11, 22)
    assert format_date(day, "en") == "November 22, 2026"
    assert format_date(day, "es") == "22 de noviembre de 2026"
    assert format_date(day, "fr") == "22 novembre 2026"
    assert format_date(day, "pt") == "22 de novembro de 2026"
    assert format_date(day, "pt_BR") == format_date(day, "pt")
    assert format_date(day, "de") == format_date(day, "en")  # unsupported: English
    assert len({len(months) for months in MONTHS.values()}) == 1


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize(
    "amount", ["0", "7.5", "999.99", "1000", "1234567.5", "-12000.05", "100000000000.10"]
)
def test_amounts_are_grouped_as_cldr_groups_them(language, amount):
    expected = cldr_decimal(Decimal(amount), "#,##0.00", locale=LOCALES[language])
    assert format_amount(Decimal(amount), language) == expected


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_counts_and_percentages_follow_cldr(language):
    for number in (0, 12, 999, 1000, 32767, 1234567):
        assert format_count(number, language) == cldr_decimal(
            number, "#,##0", locale=LOCALES[language]
        )
    for part, whole in ((0, 5), (1, 3), (2, 3), (45, 100), (7, 7)):
        expected = cldr_percent(part / whole, locale=LOCALES[language])
        assert format_percent(part, whole, language) == expected
    assert format_percent(1, 0, language) == "—"


def test_moments_are_written_in_utc():
    moment = datetime(2026, 1, 10, 9, 32, tzinfo=timezone(timedelta(hours=-5)))
    assert format_moment(moment, "en") == "January 10, 2026, 14:32 UTC"
    assert format_moment(moment, "es") == "10 de enero de 2026, 14:32 UTC"
    assert format_moment(datetime(2026, 12, 31, 23, 59), "fr") == "31 décembre 2026, 23:59 UTC"
    assert format_moment(datetime(2027, 1, 1, 0, 5, tzinfo=UTC), "pt").startswith(
        "1 de janeiro de 2027"
    )
