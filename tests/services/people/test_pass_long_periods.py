"""Issue 18, points 3 and 4, checked through the services on a real file: a PASS IAE
suspension has no 12-month ceiling (R5132-1-3; the platform's 36 months a warning only
beyond), and prolongations to finish a training have no cumulative ceiling (R5132-1-8
1° b: until the training ends; 12 months a decision, as the platform issues them)."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import UnacknowledgedWarnings, ValidationError
from chantier_app.services.people import pass_iae
from chantier_app.services.people import records as people
from tests.services.people.test_eligibility_pass_service import _pass_ending_2026_12_31, _prolong
from tests.services.people_factory import TODAY, person_input

D = dt.date
TRAINING = PassProlongationReason.FINISH_TRAINING


@pytest.fixture
def person_id(ctx) -> int:
    return ctx.run(people.create_person, person_input(), today=TODAY)


@pytest.mark.parametrize(
    ("end", "warned"),
    [
        (D(2026, 3, 1), False),  # 12 months and one day: no ceiling in R5132-1-3
        (D(2028, 2, 29), False),  # 36 months exactly, the platform's longest
        (D(2028, 3, 1), True),  # 36 months and one day: a warning, not a refusal
    ],
)
def test_a_suspension_beyond_12_months_up_to_36(ctx, person_id, end, warned) -> None:
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    data = pass_iae.SuspensionInput(PassSuspensionReason.SICKNESS, D(2025, 3, 1), end)
    if warned:
        with pytest.raises(UnacknowledgedWarnings) as asked:
            ctx.run(pass_iae.add_suspension, pass_id, data)
        assert asked.value.codes == ["suspension_over_36_months"]
        assert ctx.read(pass_iae.list_passes, person_id)[0].suspensions == []
        ctx.run(pass_iae.add_suspension, pass_id, data, acknowledge_warnings=True)
    else:
        ctx.run(pass_iae.add_suspension, pass_id, data)
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2026, 12, 31) + dt.timedelta(days=(end - D(2025, 3, 1)).days + 1)


def test_training_prolongations_go_beyond_2_years_until_the_training_ends(ctx, person_id) -> None:
    """Three yearly decisions for a training running until 30 June 2030: 3 years and more in
    all are accepted; the fourth stops on the training's last day, not one day later."""
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    with ctx.database.transaction() as session:
        training = m.TrainingSession(
            title="Titre professionnel cuisinier", kind=TrainingKind.QUALIFYING,
            start_date=D(2026, 9, 1), end_date=D(2030, 6, 30),
        )  # fmt: skip
        training.enrolments.append(m.Enrolment(person_id=person_id))
        session.add(training)
    end = D(2026, 12, 31)
    for year in (2027, 2028, 2029):
        _prolong(ctx, pass_id, TRAINING, end, D(year, 12, 31))
        end = D(year, 12, 31)
    with pytest.raises(ValidationError) as raised:
        _prolong(ctx, pass_id, TRAINING, end, D(2030, 7, 1))
    assert raised.value.codes == ["prolongation_beyond_training"]
    _prolong(ctx, pass_id, TRAINING, end, D(2030, 6, 30))
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2030, 6, 30)
    assert sum(p.days for p in view.prolongations) == 365 + 366 + 365 + 181  # 3 ½ years
