"""The table of France's public holidays is the holidays library's, year by year."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from chantier_app.domain.holidays_fr import FIRST_YEAR, LAST_YEAR
from chantier_app.domain.hours_terms import public_holidays


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_table_matches_the_library(year: int) -> None:
    assert public_holidays([year]) == frozenset(holidays.France(years=[year]).keys())


def test_regions_and_other_years_still_ask_the_library() -> None:
    alsace = public_holidays([2026], "67")
    assert (
        dt.date(2026, 12, 26) in alsace and dt.date(2026, 4, 3) in alsace
    )  # St Étienne, Good Friday
    assert dt.date(2026, 12, 26) not in public_holidays([2026])
    assert dt.date(2070, 7, 14) in public_holidays([2070])
