"""One validator for every text a staff member types or imports (issue 23, point 11): a
person's names, a staff account's names, notes and reasons. A control character (those
str.split() counts as spaces too), a NUL, an invisible or a bidirectional mark is refused
with the field named, the database unchanged; text is stored composed (Unicode NFC)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import ValidationError
from chantier_app.domain.parsing import clean_line, clean_text
from chantier_app.domain.text_rules import checked_reason
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import records as people
from chantier_app.services.structure import staff, workshops
from chantier_app.services.structure.settings import first_setup
from chantier_app.services.structure.staff import AccountInput
from chantier_app.services.structure.workshops import WorkshopInput
from chantier_app.services.support import barriers
from chantier_app.services.support.barriers import ActionInput
from tests.services.accounts_factory import STRUCTURE, set_up, setup_input
from tests.services.people_factory import TODAY, person_input
from tests.support_factory import person
from tests.support_factory import staff as staff_member

DECOMPOSED = "E\u0301lodie"  # « Élodie » as a Mac or a PDF gives it: E + combining acute


def _count(ctx: AppContext, model: type[m.Base]) -> int:
    with ctx.database.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_spaces_are_tidied_and_controls_kept_for_the_rules_to_refuse() -> None:
    assert clean_line(" Le\u00a0 Goff\t ") == "Le Goff"
    assert clean_line("Mar\x1ftin") == "Mar\x1ftin"  # str.split() made it « Mar tin »
    assert clean_line("Lef\u0085vre") == "Lef\u0085vre"
    assert clean_line(DECOMPOSED) == "Élodie" and len(clean_line(DECOMPOSED) or "") == 6
    assert clean_text("ligne 1\r\nligne 2\n") == "ligne 1\nligne 2"


@pytest.mark.parametrize(
    ("text", "code"),
    [("Mar\x1ftin", "U+001F"), ("Mar\u200btin", "U+200B"), ("Mar\u2028tin", "U+2028"),
     ("Mar\ufefftin", "U+FEFF"), ("Mar\u00adtin", "U+00AD"), ("Mar\ud800tin", "U+D800")],
)  # fmt: skip
def test_a_persons_name_refuses_what_used_to_pass(ctx, text: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ctx.run(people.create_person, person_input(usage_name=text), today=TODAY)
    assert [(v.field, v.message) for v in refused.value.violations] == [
        ("usage_name", f"Nom d'usage : caractère invisible interdit ({code}).")
    ]
    assert _count(ctx, m.Person) == 0


def test_a_persons_name_is_stored_composed(ctx) -> None:
    person_id = ctx.run(people.create_person, person_input(first_names=DECOMPOSED), today=TODAY)
    with ctx.database.reading() as session:
        assert session.get(m.Person, person_id).first_names == "Élodie"


@pytest.mark.parametrize(
    ("last", "first", "field", "message"),
    [("Lacroix\u202e", "Sophie", "last_name", "Nom : caractère invisible interdit (U+202E)."),
     ("Lacroix", "So\x00phie", "first_name", "Prénom : caractère invisible interdit (U+0000)."),
     ("L" * 101, "Sophie", "last_name", "Nom : 100 caractères au plus (101 saisis).")],
)  # fmt: skip
def test_a_staff_account_follows_the_same_rules(database, last, first, field, message) -> None:
    director = set_up(database)
    accounts, trail = _count(director, m.Staff), _count(director, m.AuditEntry)
    with pytest.raises(ValidationError) as refused:
        director.run(staff.create_account, AccountInput(last, first, Role.CIP, "s.lacroix"))
    assert [(v.field, v.message) for v in refused.value.violations] == [(field, message)]
    assert (_count(director, m.Staff), _count(director, m.AuditEntry)) == (accounts, trail)


def test_a_staff_accounts_name_is_stored_composed(database) -> None:
    director = set_up(database)
    created = director.run(
        staff.create_account, AccountInput("Ndiaye", DECOMPOSED, Role.CIP, "e.n")
    )
    with database.reading() as session:
        assert session.get(m.Staff, created.staff_id).first_name == "Élodie"


def test_a_note_with_a_nul_is_refused_not_shortened(ctx) -> None:
    with ctx.database.transaction() as session:
        _member, cip = staff_member(session, Role.CIP)
        person_id = person(session).id
    mine = AppContext(ctx.database, cip)
    data = ActionInput(Barrier.HOUSING, "Demande de logement", notes="RDV le 1\x002/03")
    with pytest.raises(ValidationError) as refused:
        mine.run(barriers.add_action, person_id, data)
    assert [(v.field, v.message) for v in refused.value.violations] == [
        ("notes", "Notes : caractère invisible interdit (U+0000).")
    ]
    assert _count(ctx, m.BarrierAction) == 0
    kept = mine.run(barriers.add_action, person_id, ActionInput(Barrier.HOUSING, "Logement",
                                                                notes="Suivi\n\tpar la CIP"))  # fmt: skip
    assert kept.notes == "Suivi\n\tpar la CIP"


def test_a_reason_refuses_a_bidi_override() -> None:
    with pytest.raises(ValidationError) as refused:
        checked_reason("erreur de saisie \u202eedoc")
    assert [(v.field, v.message) for v in refused.value.violations] == [
        ("reason", "Motif : caractère invisible interdit (U+202E).")
    ]
    assert checked_reason("  Erreur de saisie\r\n ") == "Erreur de saisie"


def test_the_first_set_up_refuses_a_reversed_structure_or_director_name(database) -> None:
    structure = dataclasses.replace(STRUCTURE, name="Ateliers \u202eduCanal")
    with pytest.raises(ValidationError) as refused, database.transaction() as session:
        first_setup(session, Actor.system(), setup_input(structure=structure, first_name="I\x1fsa"))
    assert [(v.field, v.message) for v in refused.value.violations] == [
        ("name", "Nom de la structure : caractère invisible interdit (U+202E)."),
        ("first_name", "Prénom : caractère invisible interdit (U+001F)."),
    ]
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.Structure)) == 0


def test_a_workshop_or_team_name_follows_the_rules(database) -> None:
    director = set_up(database)
    workshops_before = _count(director, m.Workshop)
    with pytest.raises(ValidationError) as refused:
        director.run(workshops.save_workshop, None, WorkshopInput("Espaces\u200bverts"))
    assert [(v.field, v.message) for v in refused.value.violations] == [
        ("name", "Nom de l'atelier : caractère invisible interdit (U+200B).")
    ]
    assert _count(director, m.Workshop) == workshops_before
