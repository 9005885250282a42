"""Names and other texts of a fiche salarié (issue 23, point 11): control characters, NUL
bytes and bidirectional overrides are refused with the field named, and so is a text
longer than its field; the message never repeats the text."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.errors import ValidationError
from chantier_app.services.people import records as people
from tests.services.people_factory import TODAY, person_input


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"usage_name": "Mar\u202etin"}, "usage_name", "Nom d'usage : caractère invisible "
         "interdit (U+202E)."),
        ({"first_names": "Élo\x00die"}, "first_names", "Prénom(s) : caractère invisible "
         "interdit (U+0000)."),
        ({"city": "Paris\x1b[31m"}, "city", "Ville : caractère invisible interdit (U+001B)."),
        ({"usage_name": "X" * 100_000}, "usage_name", "Nom d'usage : 100 caractères au plus "
         "(100000 saisis)."),
        ({"notes": "n" * 1_000_001}, "notes", "Notes : 1000000 caractères au plus (1000001 "
         "saisis)."),
    ],
)  # fmt: skip
def test_invisible_or_overlong_text_is_refused(ctx, changes, field, message) -> None:
    with pytest.raises(ValidationError) as refused:
        ctx.run(people.create_person, person_input(**changes), today=TODAY)
    assert [(v.field, v.message) for v in refused.value.violations] == [(field, message)]
    with ctx.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Person)) == 0


def test_notes_keep_their_lines_and_tabs(ctx) -> None:
    notes = "Premier entretien\n\tsuite le 12/03"
    person_id = ctx.run(people.create_person, person_input(notes=notes), today=TODAY)
    with ctx.database.reading() as session:
        assert session.get(m.Person, person_id).notes == notes
