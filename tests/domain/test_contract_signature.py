"""The signature date of a contract: the written CDD is handed over within two jours
ouvrables of the hire (L1242-13: every day but Sunday and public holidays), later is warned,
a date after today refused."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.contract_signature import check_signature, handover_deadline
from chantier_app.domain.errors import Severity
from chantier_app.domain.hours_terms import public_holidays

D = dt.date
HOLIDAYS = public_holidays([2026])


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (D(2026, 3, 2), D(2026, 3, 4)),  # Monday: Tuesday, Wednesday
        (D(2026, 3, 6), D(2026, 3, 9)),  # Friday: Saturday counts, Sunday does not
        (D(2026, 3, 7), D(2026, 3, 10)),  # Saturday: Monday, Tuesday
        (D(2026, 4, 30), D(2026, 5, 4)),  # Thursday before 1 May: Saturday 2, Monday 4
        (D(2026, 1, 1), D(2026, 1, 3)),  # a hire on a holiday: Friday 2, Saturday 3
        (D(2026, 12, 31), D(2027, 1, 4)),  # 1 January off, Saturday 2, Sunday off, Monday 4
    ],
)
def test_the_handover_deadline_counts_jours_ouvrables(start, deadline) -> None:
    holidays = HOLIDAYS | public_holidays([2027])
    assert handover_deadline(start, holidays) == deadline


def test_a_signature_up_to_the_deadline_is_silent_after_it_warned() -> None:
    start, today = D(2026, 3, 6), D(2026, 3, 20)
    assert check_signature(D(2026, 2, 20), start, today, HOLIDAYS) == []  # signed before
    assert check_signature(D(2026, 3, 9), start, today, HOLIDAYS) == []
    (late,) = check_signature(D(2026, 3, 10), start, today, HOLIDAYS)
    assert (late.code, late.severity, late.field) == (
        "signed_after_handover",
        Severity.WARNING,
        "signed_on",
    )
    assert late.message == (
        "Signé le : plus de deux jours ouvrables après l'embauche du 06/03/2026 : le contrat "
        "écrit est remis au salarié au plus tard le 09/03/2026 (L1242-13). Vérifiez la date."
    )


def test_a_signature_after_today_is_refused() -> None:
    (future,) = check_signature(D(2026, 3, 3), D(2026, 3, 2), D(2026, 3, 2), HOLIDAYS)
    assert (future.code, future.blocking) == ("signed_in_future", True)
    assert future.message == "Signé le : la date est postérieure à aujourd'hui (02/03/2026)."
    assert check_signature(D(2026, 3, 2), D(2026, 3, 2), D(2026, 3, 2), HOLIDAYS) == []
