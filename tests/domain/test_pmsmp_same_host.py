"""D5135-3 with the same host: 60 days and two agreements (renewed once each) over 12 months."""

from __future__ import annotations

import datetime as dt

from chantier_app.domain.errors import Severity
from chantier_app.domain.pmsmp import Placement, check_same_host, same_host_count, window_start

D = dt.date


def _p(start: dt.date, end: dt.date, host: str = "Boulangerie Martin") -> Placement:
    return Placement(host, None, start, end)


def test_sixty_days_pass_sixty_one_refused() -> None:
    first = _p(D(2026, 1, 1), D(2026, 1, 31))  # 31 days
    assert check_same_host(_p(D(2026, 3, 1), D(2026, 3, 29)), [first]) == []  # 60 days
    found = check_same_host(_p(D(2026, 3, 1), D(2026, 3, 30)), [first])  # 61 days
    assert [v.code for v in found] == ["pmsmp_same_host_max_60_days"]
    assert "D5135-3" in found[0].message


def test_window_day_before_of_after() -> None:
    old = _p(D(2025, 3, 1), D(2025, 3, 31))
    new = _p(D(2026, 3, 1), D(2026, 3, 31))
    assert window_start(new.end) == D(2025, 4, 1)
    assert same_host_count(new, [old]).records == 1  # ended the day before the window
    touching = _p(D(2025, 3, 2), D(2025, 4, 1))  # ends on the window's first day
    assert same_host_count(new, [touching]).records == 2
    assert same_host_count(new, [touching]).days == 62


def test_third_and_fourth_record_warn_fifth_refused() -> None:
    host = [_p(D(2026, 1, 1), D(2026, 1, 10)), _p(D(2026, 2, 1), D(2026, 2, 10))]
    third = check_same_host(_p(D(2026, 3, 1), D(2026, 3, 10)), host)
    assert [(v.code, v.severity) for v in third] == [("pmsmp_same_host_renewal", Severity.WARNING)]
    host.append(_p(D(2026, 3, 1), D(2026, 3, 10)))
    fourth = check_same_host(_p(D(2026, 4, 1), D(2026, 4, 10)), host)
    assert [v.code for v in fourth] == ["pmsmp_same_host_renewal"]
    host.append(_p(D(2026, 4, 1), D(2026, 4, 10)))
    fifth = check_same_host(_p(D(2026, 5, 1), D(2026, 5, 10)), host)
    assert [v.code for v in fifth] == ["pmsmp_same_host_max_agreements"]


def test_other_host_and_same_name_or_siret() -> None:
    first = _p(D(2026, 1, 1), D(2026, 1, 31))
    assert check_same_host(_p(D(2026, 3, 1), D(2026, 3, 31), "Garage Dupont"), [first]) == []
    spelled = _p(D(2026, 3, 1), D(2026, 3, 31), "BOULANGERIE MARTIN")
    assert check_same_host(spelled, [first])[0].code == "pmsmp_same_host_max_60_days"
    a = Placement("Martin SARL", "73282932000074", D(2026, 1, 1), D(2026, 1, 31))
    b = Placement("Boulangerie Martin", "73282932000074", D(2026, 3, 1), D(2026, 3, 31))
    assert check_same_host(b, [a])[0].code == "pmsmp_same_host_max_60_days"
