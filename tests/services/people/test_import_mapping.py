"""The import with the user's column matching: the file's headers against the fields, and a
value for a field the file has no column for (issue 19)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.domain.errors import ValidationError
from chantier_app.services.people import import_mapping
from chantier_app.services.people import imports as people_io
from chantier_app.services.people.import_mapping import ColumnMapping

# An export from another spreadsheet: no NIR nor its reason, its own words for two fields.
HEADERS = ["Civilité", "Nom de famille", "Prénom usuel", "Naissance", "Remarque"]
ROWS = [
    ["Mme", "Diallo", "Awa", "03/02/1985", "arrivée en mars"],
    ["M.", "Müller", "Jérôme", "15/11/1979", ""],
]
MAPPING = ColumnMapping(
    columns={
        "civility": "Civilité",
        "usage_name": "Nom de famille",
        "first_names": "Prénom usuel",
        "birth_date": "Naissance",
    },
    defaults={"nir_missing_reason": "Non communiqué par la personne"},
)


def _csv(path, rows):
    path.write_text("\n".join(";".join(r) for r in [HEADERS, *rows]), encoding="utf-8")
    return path


def test_the_automatic_matching_is_what_the_step_starts_from() -> None:
    assert import_mapping.automatic_mapping(HEADERS) == {
        "civility": "Civilité",
        "usage_name": "Nom de famille",
    }
    assert not import_mapping.is_complete(HEADERS)
    assert import_mapping.is_complete(["Civilité", "Nom", "Prénom", "Date de naissance"])


def test_a_plan_names_what_is_missing_or_wrong() -> None:
    with pytest.raises(ValidationError) as refused:
        import_mapping.plan(HEADERS)
    assert refused.value.message == (
        "Colonnes obligatoires absentes du fichier : Prénom(s), Date de naissance. Choisissez "
        "la colonne du fichier qui les contient, ou une valeur par défaut."
    )
    wrong = ColumnMapping({**MAPPING.columns, "first_names": "Nom de famille", "city": "Commune"})
    with pytest.raises(ValidationError) as refused:
        import_mapping.plan(HEADERS, wrong)
    assert refused.value.by_field == {
        "first_names": ["Prénom(s) : la colonne « Nom de famille » remplit déjà « Nom d'usage »."],
        "city": ["Ville : la colonne « Commune » n'est pas dans le fichier."],
    }
    read = import_mapping.plan(HEADERS, MAPPING)
    assert read.ignored == ["Remarque"]
    assert read.columns[-1] == (
        "valeur par défaut « Non communiqué par la personne »",
        "Motif d'absence du NIR",
    )


def test_without_a_reason_every_row_is_refused_with_it_every_row_is_saved(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "export.csv", ROWS)
    automatic = ColumnMapping(MAPPING.columns)
    refused = ctx.run(people_io.preview_import, path, mapping=automatic)
    assert refused.valid_count == 0
    assert {e for r in refused.rows for e in r.errors} == {
        "Motif d'absence du NIR : obligatoire quand le NIR n'est pas renseigné. Le fichier n'a "
        "pas de colonne « Motif d'absence du NIR » : choisissez-la parmi ses colonnes, ou donnez "
        "une valeur par défaut (bouton « Colonnes… »)."
    }
    preview = ctx.run(people_io.preview_import, path, mapping=MAPPING)
    assert [(r.name, r.valid) for r in preview.rows] == [
        ("Diallo Awa", True),
        ("Müller Jérôme", True),
    ]
    result = people_io.import_people_after_backup(ctx, path, preview=preview, mapping=MAPPING)
    assert result.created == 2
    with ctx.database.reading() as session:
        saved = session.execute(
            select(m.Person.first_names, m.Person.nir_missing_reason).order_by(m.Person.id)
        ).all()
    assert saved == [
        ("Awa", NirMissingReason.NOT_PROVIDED),
        ("Jérôme", NirMissingReason.NOT_PROVIDED),
    ]


def test_messages_name_the_column_and_the_value(ctx, tmp_path) -> None:
    path = _csv(tmp_path / "export.csv", [["Mme", "Nguyen", "Anaïs", "31/02/1990", ""]])
    bad_default = ColumnMapping(MAPPING.columns, {"nir_missing_reason": "oubli"})
    row = ctx.run(people_io.preview_import, path, mapping=bad_default).rows[0]
    assert any(e.startswith("Date de naissance (colonne « Naissance ») : ") for e in row.errors)
    assert any("31/02/1990" in e for e in row.errors)
    assert any(
        e.startswith("Motif d'absence du NIR (valeur par défaut « oubli ») : ") for e in row.errors
    ), row.errors
