"""Two people editing the same record (several offices on one server): the second save, made
from a copy loaded before the first's, is refused in French with who saved and when; the
database keeps the first's values; a print is not an edit (nobody is refused for it)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import StaleEditError
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import ContractInput, HoursChangeInput
from chantier_app.services.contracts.corrections import ContractCorrection, correct_contract
from chantier_app.services.contracts.views import ContractView, person_contracts
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest, prepare
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views
from tests.contract_factories import add_person, add_workshop
from tests.services.people_factory import person_input

H = 60
FIRST = Actor(None, "Sophie Lacroix", Role.DIRECTION)
SECOND = Actor(None, "Isabelle Moreau", Role.DIRECTION)


def _stale_message(who: str, at: dt.datetime) -> str:
    return f"Modifié par {who} à {at:%H:%M} : rechargez la fiche avant de modifier."


def _last_change(ctx: AppContext, entity: str, record_id: int) -> m.AuditEntry:
    with ctx.database.reading() as session:
        entry = session.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.entity == entity, m.AuditEntry.entity_id == record_id)
            .where(m.AuditEntry.action != "refused")
            .order_by(m.AuditEntry.id.desc())
        ).first()
        assert entry is not None
        return entry


def _refusals(ctx: AppContext) -> list[str | None]:
    with ctx.database.reading() as session:
        return list(
            session.scalars(select(m.AuditEntry.summary).where(m.AuditEntry.action == "refused"))
        )


def test_a_person_saved_meanwhile_is_not_overwritten(database, app_paths) -> None:
    first, second = AppContext(database, FIRST, app_paths), AppContext(database, SECOND, app_paths)
    person_id = first.run(people.create_person, person_input())
    # Both open the file; the first saves a new phone number.
    seen_first = first.read(people_views.get_person, person_id)
    seen_second = second.read(people_views.get_person, person_id)
    assert seen_first.version == seen_second.version == 1
    first.run(
        people.update_person,
        person_id,
        person_input(phone="06 00 00 00 01"),
        expected_version=seen_first.version,
    )
    # The second saves the city from the copy she loaded before: refused, nothing written.
    with pytest.raises(StaleEditError) as refused:
        second.run(
            people.update_person,
            person_id,
            person_input(city="Lyon"),
            expected_version=seen_second.version,
        )
    change = _last_change(first, "person", person_id)
    assert refused.value.message == _stale_message("Sophie Lacroix", change.at)
    now = first.read(people_views.get_person, person_id)
    assert (now.record.phone, now.record.city, now.version) == ("06 00 00 00 01", "Paris", 2)
    assert _refusals(first) == [refused.value.message]
    # Reloaded, her edit goes through on top of the first's.
    second.run(
        people.update_person,
        person_id,
        person_input(phone="06 00 00 00 01", city="Lyon"),
        expected_version=now.version,
    )
    after = first.read(people_views.get_person, person_id)
    assert (after.record.phone, after.record.city, after.version) == ("06 00 00 00 01", "Lyon", 3)


@pytest.fixture
def contract(database) -> tuple[int, int]:
    """(contract id, team id): a CDDI running in 2026 for a person with a PASS IAE."""
    with database.transaction() as session:
        session.add(
            m.Structure(
                name="Atelier test",
                siret="12345678200010",
                address_line1="1 rue du Port",
                postal_code="44000",
                city="Nantes",
            )
        )
        person = add_person(session)
        row = session.get(m.Person, person)
        assert row is not None
        row.address_line1, row.postal_code, row.city = "3 rue des Lilas", "44000", "Nantes"
        workshop, team = add_workshop(session)
    ctx = AppContext(database, FIRST)
    view = ctx.run(
        contracts.hire,
        ContractInput(
            person,
            ContractKind.CDDI_REMOBILISING,
            dt.date(2026, 1, 5),
            dt.date(2026, 7, 4),
            workshop_id=workshop,
            team_id=team,
            job_title="Agent d'entretien",
            weekly_minutes=26 * H,
        ),
    )
    return view.id, team


def _contract_view(ctx: AppContext, contract_id: int) -> ContractView:
    with ctx.database.reading() as session:
        person_id = session.get(m.Contract, contract_id).person_id  # type: ignore[union-attr]
    found = ctx.read(person_contracts, person_id)
    return next(c for c in found.contracts if c.id == contract_id)


def test_a_contract_changed_meanwhile_refuses_the_stale_correction(database, contract) -> None:
    contract_id, team = contract
    first, second = AppContext(database, FIRST), AppContext(database, SECOND)
    loaded = _contract_view(second, contract_id)
    first.run(
        contracts.change_hours,
        HoursChangeInput(contract_id, dt.date(2026, 3, 2), weekly_minutes=30 * H),
        expected_version=_contract_view(first, contract_id).version,
    )
    correction = ContractCorrection(
        contract_id, dt.date(2026, 1, 5), team, "Agent polyvalent", "intitulé mal saisi"
    )
    with pytest.raises(StaleEditError) as refused:
        second.run(correct_contract, correction, expected_version=loaded.version)
    change = _last_change(first, "contract", contract_id)
    assert refused.value.message == _stale_message("Sophie Lacroix", change.at)
    now = _contract_view(first, contract_id)
    assert (now.job_title, now.weekly_minutes, len(now.amendments)) == (
        "Agent d'entretien",
        30 * H,
        1,
    )
    second.run(correct_contract, correction, expected_version=now.version)
    assert _contract_view(first, contract_id).job_title == "Agent polyvalent"


def test_printing_a_contract_numbers_the_copy_and_changes_no_version(database, contract) -> None:
    contract_id, _team = contract
    first = AppContext(database, FIRST)
    loaded = _contract_view(first, contract_id)
    request = DocumentRequest(DocumentKind.CONTRACT, contract_id=contract_id)
    copies = [first.run(prepare, request).data.copy_number for _ in range(3)]
    assert copies == [1, 2, 3]
    with database.reading() as session:
        row = session.get(m.Contract, contract_id)
        assert row is not None and (row.print_count, row.version) == (3, loaded.version)
    # An edit from the dialog opened before the prints is not refused for them.
    first.run(
        contracts.change_hours,
        HoursChangeInput(contract_id, dt.date(2026, 3, 2), weekly_minutes=30 * H),
        expected_version=loaded.version,
    )
