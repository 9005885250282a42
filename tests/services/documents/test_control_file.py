"""The control file (« dossier de contrôle »): its figures are the services' own, computed on a
generated association; its PDF and XLSX say the same and never a reserved fact; the draw."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.domain.fte import fte, rounded
from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import exits
from chantier_app.services.documents import _report, control_export, control_file
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.support import milestones, pmsmp
from chantier_app.synthetic import Profile, generate
from chantier_app.synthetic.profile import LARGE_WORKSHOPS
from tests.conftest import TODAY

SMALL = Profile(people=40, months=30, workshops=LARGE_WORKSHOPS, cips=3, cohort=0.1)
YEAR = TODAY.year - 1
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    paths = resolve_paths(tmp_path_factory.mktemp("control") / "data")
    opened = open_data(paths)
    generate(opened.database.transaction, Actor.system(), SMALL, today=TODAY, seed=20)
    with opened.database.transaction() as session:
        session.add(m.Structure(name="Les Ateliers du Canal", siret="73282932000074",
                                address_line1="12 rue de l'Ourcq", postal_code="75019",
                                city="Paris"))  # fmt: skip
        convention = session.scalars(
            select(m.Convention).where(
                m.Convention.year == YEAR, m.Convention.workshop_id.is_(None)
            )
        ).first()
        if convention is not None:
            convention.target_dynamic_rate, convention.target_sustainable_rate = 60, 25
    yield AppContext(opened.database, Actor.system(), paths)
    opened.database.dispose()


@pytest.fixture(scope="module")
def data(generated: AppContext):  # type: ignore[no-untyped-def]
    return generated.read(control_file.control_file_data, START, END, today=TODAY)


def test_the_figures_are_the_services_own(generated: AppContext, data) -> None:
    """Computed twice: by the control file, and by the screens' and yearly report's services."""
    ctx = generated
    summary = ctx.read(exits.exits_summary, START, END)
    with ctx.database.reading() as session:
        yearly = _report.yearly_report_data(session, YEAR, today=TODAY)
        annual = session.scalars(select(m.Structure.annual_fulltime_minutes)).first()
    assert len(data.people) == yearly.people_employed > 10
    assert data.exits == summary.by_category and data.exits_count == summary.total > 0
    assert data.dynamic_rate == rounded(summary.dynamic_rate * 100, 1)
    assert data.paid_minutes == yearly.paid_minutes
    (line,) = data.fte_years
    assert line.realised == yearly.fte and line.funded == yearly.funded_fte
    assert rounded(fte(sum(p.paid_minutes for p in data.people), annual)) == yearly.fte
    assert data.entries == yearly.new_hires


def test_each_file_is_what_the_support_services_hold(generated: AppContext, data) -> None:
    for person in data.people[:12]:
        done = [ms for ms in generated.read(milestones.list_milestones, person.person_id)
                if ms.done_date and ms.done_date >= person.hired_on]  # fmt: skip
        assert [d for d, _k in person.interviews] == sorted(ms.done_date for ms in done)
        diagnoses = sorted(ms.done_date for ms in done if ms.kind.name == "DIAGNOSIS")
        assert person.diagnosis_date == (diagnoses[0] if diagnoses else None)
        if person.diagnosis_date:
            assert person.diagnosis_delay == (person.diagnosis_date - person.hired_on).days
    placements = sum(
        1
        for person in data.people
        for x in generated.read(pmsmp.list_pmsmps, person.person_id)
        if x.start_date <= END and x.end_date >= START
    )
    assert len(data.pmsmps) == placements


def test_the_xlsx_holds_the_same_figures_and_the_pdf_reads(generated: AppContext, data,
                                                           tmp_path: Path) -> None:  # fmt: skip
    path = generated.run(control_export.control_xlsx, START, END, tmp_path / "controle.xlsx",
                         today=TODAY)  # fmt: skip
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Synthèse", "Salariés", "Contrats", "Entretiens", "Renouvellements",
                               "Au-delà de 24 mois", "Registre PMSMP"]  # fmt: skip
    summary = {row[0]: row[1] for row in book["Synthèse"].iter_rows(min_row=2, values_only=True)}
    assert summary["Salariés"] == len(data.people) and summary["Sorties"] == data.exits_count
    assert summary["Entrées"] == data.entries
    assert summary["Objectif de sorties dynamiques (%)"] in (60, None)
    assert len(list(book["Salariés"].iter_rows(values_only=True))) == len(data.people) + 1
    assert len(list(book["Registre PMSMP"].iter_rows(values_only=True))) == len(data.pmsmps) + 1
    pdf = generated.run(control_export.control_pdf, START, END, today=TODAY)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Dossier de contrôle", "Sorties dynamiques", "ETP conventionnés",
                     "Registre des PMSMP", "Renouvellements", data.people[0].name):  # fmt: skip
        assert expected in text, expected
    for reserved in ("Travailleur handicapé", "Sortant de détention", "Incarcération",
                     "Décision administrative", "Allocataire AAH"):  # fmt: skip
        assert reserved not in text
    with generated.database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "control_file")
        ).all()
    assert any("(XLSX, " in s for s in trail) and any("(PDF, " in s for s in trail)


def test_a_file_drawn_at_random_is_one_of_the_period_and_printed(
    generated: AppContext, data
) -> None:
    drawn = generated.run(control_export.draw_file, START, END, today=TODAY,
                          chooser=random.Random(3))  # fmt: skip
    assert drawn.person.person_id in {p.person_id for p in data.people}
    assert drawn.drawn_among == len(data.people)
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(control_export.person_file_pdf(drawn))).pages
    )
    assert "Dossier individuel tiré au hasard" in text and drawn.person.name in text
    assert "Heures par mois" in text and "Incarcération" not in text


def test_bad_periods_and_roles_are_refused(generated: AppContext) -> None:
    with pytest.raises(ValidationError, match="la fin précède le début"):
        generated.read(control_file.control_file_data, END, START)
    with pytest.raises(ValidationError, match="indiquez le début"):
        generated.read(control_file.control_file_data, None, END)
    from chantier_app.domain.codes.staff_codes import Role

    supervisor = Actor(None, "Marc Petitjean", Role.SUPERVISOR)
    with pytest.raises(PermissionDeniedError):
        AppContext(generated.database, supervisor).read(control_file.control_file_data, START, END)
