"""A valid employee record to start tests from (each test changes what it checks)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from stdnum.fr import nir as stdnum_nir

from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.person_record import PersonInput

TODAY = dt.date(2026, 11, 23)


def nir_for(civility: Civility, birth: dt.date, department: str = "75", order: str = "123") -> str:
    sex = "1" if civility is Civility.MR else "2"
    body = f"{sex}{birth:%y}{birth:%m}{department}056{order}"
    return body + stdnum_nir.calc_check_digits(body)


def person_input(**changes: object) -> PersonInput:
    birth = dt.date(1990, 5, 17)
    base = PersonInput(
        civility=Civility.MRS,
        usage_name="Lefèvre",
        first_names="Élodie",
        birth_date=birth,
        nir=nir_for(Civility.MRS, birth),
        postal_code="75019",
        city="Paris",
        phone="06 12 34 56 78",
        email="elodie.lefevre@exemple.fr",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]
