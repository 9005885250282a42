"""A small association built by hand for the document services' tests (fixed dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session
from stdnum.fr import nir as stdnum_nir

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import AmendmentKind, ContractKind, EndReason
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.person_codes import Civility, RsaKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    EnrolmentStatus,
    MilestoneKind,
    MilestoneStatus,
    SensitiveNoteKind,
    TrainingKind,
    TrainingResult,
)

TODAY = dt.date(2026, 11, 23)
NIR_BODY = "2850325108015"
NIR = NIR_BODY + stdnum_nir.calc_check_digits(NIR_BODY)
HEALTH_NOTE = "Suivi médical en cours ; aménagement de poste à prévoir."


@dataclass
class Ids:
    elodie: int
    noel: int
    loic: int
    nobody: int
    team_a: int
    kitchen: int
    ph_contract: int
    cddi_contract: int
    amendment: int
    supervisor: int


def build(session: Session) -> Ids:
    session.add(
        m.Structure(
            name="Les Ateliers de l'Écluse",
            siret="73282932000074",
            address_line1="12 rue de l'Ourcq",
            postal_code="75019",
            city="Paris",
            director_name="Hélène Bérénger",
            hourly_wage=Decimal("11.88"),
        )
    )
    director = m.Staff(last_name="Bérénger", first_name="Hélène", role=Role.DIRECTION)
    cip = m.Staff(last_name="Bensaïd", first_name="Rachid", role=Role.CIP)
    supervisor = m.Staff(last_name="Petitjean", first_name="Marc", role=Role.SUPERVISOR)
    cleaning = m.Workshop(name="Nettoyage", activity="Nettoyage de locaux")
    catering = m.Workshop(name="Restauration", contract_kind=ContractKind.CDDI_QUALIFYING)
    team_a = m.Team(workshop=cleaning, name="Équipe A", supervisors=[supervisor])
    kitchen = m.Team(workshop=catering, name="Cuisine")
    session.add_all([director, cip, supervisor, cleaning, catering, team_a, kitchen])
    session.flush()

    def person(civility, usage, first, birth, team, **extra) -> m.Person:
        row = m.Person(
            civility=civility,
            usage_name=usage,
            first_names=first,
            birth_date=birth,
            birth_place="Besançon",
            address_line1="4 rue de Crimée",
            postal_code="75019",
            city="Paris",
            cip_id=cip.id,
            team_id=team.id,
            **extra,
        )
        session.add(row)
        session.flush()
        return row

    elodie = person(
        Civility.MRS,
        "Lefèvre",
        "Élodie",
        dt.date(1985, 3, 12),
        team_a,
        birth_name="Müller",
        nir=NIR,
        rsa=RsaKind.NOT_INCREASED,
        qpv=True,
        education_level=EducationLevel.CAP_BEP_LEVEL,
    )
    noel = person(Civility.MR, "Müller", "Noël", dt.date(2001, 6, 1), kitchen, rqth=True)
    loic = person(Civility.MR, "Çelik", "Loïc", dt.date(1970, 1, 20), team_a)
    nobody = person(Civility.MRS, "Sans-Contrat", "Zoé", dt.date(1990, 1, 1), team_a)
    session.add(
        m.PassIae(
            person_id=elodie.id,
            number="999991234567",
            start_date=dt.date(2025, 8, 25),
            initial_end_date=dt.date(2027, 8, 24),
        )
    )
    ph = m.Contract(
        person_id=elodie.id,
        kind=ContractKind.FIRST_HOURS,
        workshop_id=cleaning.id,
        team_id=team_a.id,
        job_title="Agent d'entretien",
        start_date=dt.date(2025, 9, 1),
        initial_end_date=dt.date(2026, 1, 4),
        end_date=dt.date(2026, 1, 4),
        monthly_minutes=40 * 60,
        actual_end_date=dt.date(2026, 1, 4),
        end_reason=EndReason.MOVE_TO_CDDI,
    )
    cddi = m.Contract(
        person_id=elodie.id,
        kind=ContractKind.CDDI_REMOBILISING,
        workshop_id=cleaning.id,
        team_id=team_a.id,
        job_title="Agent d'entretien",
        signed_on=dt.date(2026, 1, 2),
        start_date=dt.date(2026, 1, 5),
        initial_end_date=dt.date(2026, 7, 4),
        end_date=dt.date(2027, 1, 4),
        weekly_minutes=26 * 60,
        trial_days=14,
    )
    session.add_all([ph, cddi])
    session.flush()
    cddi.previous_contract_id = ph.id
    renewal = m.Amendment(
        contract_id=cddi.id,
        number=1,
        kind=AmendmentKind.RENEWAL,
        effective_date=dt.date(2026, 7, 5),
        previous_end_date=dt.date(2026, 7, 4),
        new_end_date=dt.date(2027, 1, 4),
        reason="Projet professionnel en construction",
    )
    qualifying = m.Contract(
        person_id=noel.id,
        kind=ContractKind.CDDI_QUALIFYING,
        workshop_id=catering.id,
        team_id=kitchen.id,
        job_title="Agent polyvalent de restauration",
        start_date=dt.date(2025, 11, 20),
        initial_end_date=dt.date(2026, 11, 19),
        end_date=dt.date(2026, 11, 19),
        weekly_minutes=26 * 60,
        actual_end_date=dt.date(2026, 11, 19),
        end_reason=EndReason.TERM,
        exit_reason=ExitReason.CDI,
    )
    newcomer = m.Contract(
        person_id=loic.id,
        kind=ContractKind.FIRST_HOURS,
        workshop_id=cleaning.id,
        team_id=team_a.id,
        start_date=dt.date(2026, 10, 1),
        initial_end_date=dt.date(2027, 1, 31),
        end_date=dt.date(2027, 1, 31),
        monthly_minutes=40 * 60,
    )
    session.add_all([renewal, qualifying, newcomer])
    session.flush()
    for month in range(1, 11):
        session.add(
            m.MonthlyHours(
                contract_id=cddi.id,
                month=dt.date(2026, month, 1),
                worked_minutes=(106 + month) * 60 + 30,
                training_minutes=420 if month == 3 else 0,
            )
        )
    session.add(
        m.MonthlyHours(contract_id=qualifying.id, month=dt.date(2026, 10, 1), worked_minutes=6000)
    )
    session.add_all(
        [
            m.Milestone(
                person_id=elodie.id,
                contract_id=cddi.id,
                kind=MilestoneKind.REVIEW_M3,
                due_date=dt.date(2026, 4, 5),
                done_date=dt.date(2026, 4, 7),
                status=MilestoneStatus.DONE,
                notes="Entretien riche, salariée motivée.",
                objectives_reached="CV à jour",
                next_objectives="Préparer une PMSMP en hôtellerie",
            ),
            m.Milestone(
                person_id=elodie.id,
                contract_id=cddi.id,
                kind=MilestoneKind.REVIEW_M10,
                due_date=dt.date(2026, 12, 3),
                status=MilestoneStatus.PLANNED,
            ),
            m.BarrierScore(
                person_id=elodie.id,
                barrier=Barrier.MOBILITY,
                scored_on=dt.date(2026, 2, 4),
                score=4,
            ),
            m.BarrierScore(
                person_id=elodie.id,
                barrier=Barrier.MOBILITY,
                scored_on=dt.date(2026, 7, 6),
                score=2,
            ),
            m.BarrierScore(
                person_id=elodie.id, barrier=Barrier.HEALTH, scored_on=dt.date(2026, 2, 4), score=5
            ),
            m.SensitiveNote(
                person_id=elodie.id,
                kind=SensitiveNoteKind.HEALTH,
                written_on=dt.date(2026, 2, 4),
                text=HEALTH_NOTE,
            ),
        ]
    )
    sst = m.TrainingSession(
        title="Sauveteur secouriste du travail (SST)",
        provider="Croix-Rouge",
        kind=TrainingKind.SAFETY,
        start_date=dt.date(2026, 4, 13),
        end_date=dt.date(2026, 4, 14),
        duration_minutes=14 * 60,
    )
    session.add(sst)
    session.add(
        m.Enrolment(
            session=sst,
            person_id=elodie.id,
            contract_id=cddi.id,
            status=EnrolmentStatus.COMPLETED,
            attended_minutes=14 * 60,
            result=TrainingResult.OBTAINED,
            certificate_obtained="Certificat SST",
        )
    )
    session.flush()
    return Ids(
        elodie=elodie.id,
        noel=noel.id,
        loic=loic.id,
        nobody=nobody.id,
        team_a=team_a.id,
        kitchen=kitchen.id,
        ph_contract=ph.id,
        cddi_contract=cddi.id,
        amendment=renewal.id,
        supervisor=supervisor.id,
    )
