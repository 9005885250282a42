"""Confirming an import after its preview: what changed since the preview is still caught."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility, NirMissingReason, RsaKind
from chantier_app.domain.errors import ValidationError
from chantier_app.services.people import imports as people_io
from chantier_app.services.people import records as people
from chantier_app.services.structure import workshops
from tests.services.people_factory import TODAY, nir_for, person_input
from tests.team_factory import team_of

HEADERS = ["Civilité", "Nom", "Prénom", "Date de naissance", "NIR", "Téléphone", "Équipe"]
AWA_BIRTH = dt.date(1985, 2, 3)
AWA = ["Mme", "Diallo", "Awa", "03/02/1985", nir_for(Civility.MRS, AWA_BIRTH, order="111")]
JEROME = ["M.", "Müller", "Jérôme", "15/11/1979", nir_for(Civility.MR, dt.date(1979, 11, 15))]


def _csv(path, rows):
    lines = [";".join(HEADERS)] + [";".join(r) for r in rows]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _people(ctx) -> list[tuple[str, str | None, int | None]]:
    with ctx.database.reading() as session:
        rows = session.execute(
            select(m.Person.usage_name, m.Person.phone, m.Person.team_id).order_by(m.Person.id)
        )
        return [tuple(r) for r in rows]


def _team(ctx, name: str = "Équipe A") -> int:
    with ctx.database.transaction() as session:
        return team_of(session, name=name)


def test_import_after_its_preview_writes_the_rows_it_showed(ctx, tmp_path) -> None:
    team_id = _team(ctx)
    path = _csv(tmp_path / "p.csv", [[*AWA, "0612345678", "Équipe A"], [*JEROME, "", ""]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert [r.valid for r in preview.rows] == [True, True]
    result = ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert (result.created, result.skipped) == (2, 0)
    assert _people(ctx) == [("Diallo", "06 12 34 56 78", team_id), ("Müller", None, None)]
    with ctx.database.reading() as session:
        created = session.scalars(
            select(m.AuditEntry.person_id).where(m.AuditEntry.action == "create")
        ).all()
        ids = session.scalars(select(m.Person.id).order_by(m.Person.id)).all()
    assert created == ids  # one trail line per person, naming that person


def test_a_person_recorded_after_the_preview_is_still_a_duplicate(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "p.csv", [[*AWA, "", ""], [*JEROME, "", ""]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert preview.valid_count == 2
    # Meanwhile someone records Awa Diallo by hand, with her NIR.
    awa = person_input(
        usage_name="Diallo", first_names="Awa", birth_date=AWA_BIRTH, nir=AWA[4], phone=None
    )
    ctx.run(people.create_person, awa, today=TODAY)
    with pytest.raises(ValidationError, match=r"Ligne 2 : Cette personne existe déjà \(même NIR\)"):
        ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert [name for name, _, _ in _people(ctx)] == ["Diallo"]
    result = ctx.run(people_io.import_people, path, skip_invalid=True, today=TODAY, preview=preview)
    assert (result.created, result.skipped) == (1, 1)
    assert [name for name, _, _ in _people(ctx)] == ["Diallo", "Müller"]


def test_a_person_with_the_same_names_recorded_after_the_preview_is_caught(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "p.csv", [[*JEROME, "", ""]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert preview.valid_count == 1
    # Recorded meanwhile under his usage name, without NIR: same first name, birth date, and
    # his birth name is the file's name (accents aside).
    jerome = person_input(
        civility=Civility.MR,
        usage_name="Meyer",
        birth_name="Muller",
        first_names="Jerome",
        birth_date=dt.date(1979, 11, 15),
        nir=None,
        nir_missing_reason=NirMissingReason.NOT_PROVIDED,
    )
    ctx.run(people.create_person, jerome, today=TODAY)
    with pytest.raises(ValidationError, match="mêmes nom, prénom et date de naissance"):
        ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert len(_people(ctx)) == 1


def test_a_team_renamed_after_the_preview_refuses_its_rows(ctx, tmp_path) -> None:
    team_id = _team(ctx)
    path = _csv(tmp_path / "p.csv", [[*AWA, "", "Équipe A"], [*JEROME, "", ""]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert preview.valid_count == 2
    with ctx.database.reading() as session:
        workshop_id = session.get(m.Team, team_id).workshop_id
    ctx.run(workshops.save_team, team_id, workshops.TeamInput(workshop_id, "Équipe B"))
    with pytest.raises(ValidationError, match="Ligne 2 : Équipe : équipe « Équipe A » inconnue"):
        ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert _people(ctx) == []


def test_a_row_changed_in_the_file_after_the_preview_is_checked_again(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "p.csv", [[*AWA, "0612345678", ""], [*JEROME, "", ""]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert preview.valid_count == 2
    _csv(tmp_path / "p.csv", [[*AWA, "06 12", ""], [*JEROME, "", ""]])  # edited meanwhile
    with pytest.raises(ValidationError, match="Ligne 2 : Téléphone : numéro invalide"):
        ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert _people(ctx) == []


def test_twins_in_the_file_are_caught_when_confirming(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "p.csv", [[*AWA, "", ""], [*JEROME, "", ""]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    _csv(tmp_path / "p.csv", [[*AWA, "", ""], [*JEROME, "", ""], [*AWA, "", ""]])
    with pytest.raises(ValidationError, match="Ligne 4 : Doublon de la ligne 2 du fichier"):
        ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert _people(ctx) == []


def test_a_team_name_given_to_another_team_since_the_preview_follows_it(ctx, tmp_path) -> None:
    first = _team(ctx)
    path = _csv(tmp_path / "p.csv", [[*AWA, "", "Équipe A"]])
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert preview.valid_count == 1
    with ctx.database.reading() as session:
        workshop_id = session.get(m.Team, first).workshop_id
    ctx.run(workshops.save_team, first, workshops.TeamInput(workshop_id, "Équipe B"))
    second = ctx.run(workshops.save_team, None, workshops.TeamInput(workshop_id, "Équipe A")).id
    ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    assert _people(ctx) == [("Diallo", None, second)]


RICH_HEADERS = [
    "Civilité", "Nom d'usage", "Nom de naissance", "Prénom(s)", "Date de naissance", "NIR",
    "Nationalité", "Adresse", "Code postal", "Ville", "Téléphone", "E-mail",
    "Téléphone de la personne à prévenir", "Inscrit à France Travail",
    "Inscrit à France Travail depuis", "Niveau de formation", "RSA", "Durée RSA", "ASS",
    "Durée ASS", "Hébergement", "Orienteur", "Notes",
]  # fmt: skip
RICH = [
    [
        "Mme", "Diallo", "Sow", "Awa  Marie", "3/2/1985", AWA[4], "Hors Union européenne",
        " 12  rue des Lilas ", "93 300", "Bobigny", "0612345678", "Awa.Diallo@Exemple.fr",
        "05 90 12 34 56", "oui", "2025-09-01", "30", "RSA majoré", "M12", "non", "M6",
        "SDF", "France Travail", "Arrivée en septembre.\nSuivie par l'AS.",
    ],
    [
        "M.", "Müller", "", "Jérôme", "15.11.1979", JEROME[4], "FR", "", "75019", "Paris",
        "+44 20 7946 0958", "", "", "x", "", "", "", "", "1", "De 6 à 11 mois", "", "03", "",
    ],
]  # fmt: skip


def test_a_confirmed_preview_stores_what_a_fresh_check_stores(ctx, tmp_path) -> None:
    from chantier_app.domain.person_record import FIELD_NAMES
    from chantier_app.paths import resolve_paths
    from chantier_app.services.context import AppContext
    from chantier_app.services.safety.bootstrap import open_data

    path = tmp_path / "riche.csv"
    path.write_text(
        "\n".join(";".join(f'"{c}"' for c in r) for r in [RICH_HEADERS, *RICH]), encoding="utf-8"
    )
    preview = ctx.read(people_io.preview_import, path, today=TODAY)
    assert [r.errors for r in preview.rows] == [[], []]
    ctx.run(people_io.import_people, path, today=TODAY, preview=preview)
    other = open_data(resolve_paths(tmp_path / "autre")).database
    try:
        fresh = AppContext(other, ctx.actor)
        fresh.run(people_io.import_people, path, today=TODAY)

        def stored(database) -> list[tuple[object, ...]]:
            columns = [getattr(m.Person, name) for name in FIELD_NAMES]
            with database.reading() as session:
                return [tuple(r) for r in session.execute(select(*columns).order_by(m.Person.id))]

        mine, theirs = stored(ctx.database), stored(other)
    finally:
        other.dispose()
    assert mine == theirs
    awa = dict(zip(FIELD_NAMES, mine[0], strict=True))
    assert (awa["first_names"], awa["postal_code"], awa["phone"]) == (
        "Awa Marie",
        "93300",
        "06 12 34 56 78",
    )
    assert awa["rsa"] is RsaKind.INCREASED and awa["ft_registered_since"] == dt.date(2025, 9, 1)
    assert awa["ass_band"] is None  # a band without its resource is dropped
