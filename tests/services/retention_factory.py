"""A former employee with something in every table, each text unique, to hunt for after erasing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.person_codes import Civility, DiagnosisAuthor, RsaKind
from chantier_app.domain.codes.support_codes import (
    MilestoneKind,
    MilestoneStatus,
    SensitiveNoteKind,
)
from chantier_app.services import audit
from chantier_app.services.context import Actor
from tests.services.people_factory import nir_for

D = dt.date
BIRTH = D(1984, 3, 9)
NIR = nir_for(Civility.MRS, BIRTH, department="19", order="741")
# Every text that names or describes the person: none may remain after anonymisation.
SECRETS = {
    "usage_name": "Quatrebarbes",
    "birth_name": "Zéphyrinos",
    "first_names": "Zéphyrine",
    "nir": NIR,
    "address_line1": "7 impasse des Glycines",
    "phone": "06 98 76 54 32",
    "email": "zephyrine.q@exemple.fr",
    "birth_place": "Tulle-sur-Vézère",
    "emergency_contact_name": "Gontran Quatrebarbes",
    "ft_id": "QZ1234567",
    "notes": "aime le jardinage ornemental",
    "referrer_contact": "Mme Hirondelle, mission locale",
    "sensitive": "suivi en addictologie au CSAPA Pivoine",
    "milestone": "entretien sur le projet de fleuriste",
    "objectives": "contacter la pépinière Lavande",
    "barrier_comment": "dettes auprès du bailleur Opaline",
    "action": "dossier de surendettement Banque Mimosa",
    "partner": "Point conseil budget Coquelicot",
    "pmsmp_host": "Boulangerie Tournesol",
    "pmsmp_contact": "M. Églantier",
    "job_title": "agente d'entretien Primevère",
    "exit_notes": "embauchée chez Jonquille Services",
    "proof": "attestation CAF n° 4455-Iris",
    "pass_number": "999991912345",
    "hours_note": "absence pour rendez-vous Capucine",
}


def former_employee(session: Session, actor: Actor, team_id: int | None = None) -> int:
    """Hired from January to June 2025, then left with a job; support the whole time."""
    s = SECRETS
    person = m.Person(
        civility=Civility.MRS, usage_name=s["usage_name"], birth_name=s["birth_name"],
        first_names=s["first_names"], birth_date=BIRTH, birth_place=s["birth_place"],
        nir=NIR, address_line1=s["address_line1"], postal_code="75019", city="Paris",
        phone=s["phone"], email=s["email"], emergency_contact_name=s["emergency_contact_name"],
        ft_registered=True, ft_id=s["ft_id"], education_level=EducationLevel.CAP_BEP_DIPLOMA,
        rsa=RsaKind.NOT_INCREASED, notes=s["notes"], referrer_contact=s["referrer_contact"],
        team_id=team_id, created_at=dt.datetime(2024, 12, 10, 9, 0),
    )  # fmt: skip
    session.add(person)
    session.flush()
    diagnosis = m.EligibilityDiagnosis(
        person_id=person.id, made_on=D(2024, 12, 15), author_kind=DiagnosisAuthor.STRUCTURE,
        criteria=[m.EligibilityCriterionProof(criterion=EligibilityCriterion.RSA, proof=s["proof"])],
    )  # fmt: skip
    contract = m.Contract(
        person_id=person.id, kind=ContractKind.CDDI_REMOBILISING, job_title=s["job_title"],
        team_id=team_id, start_date=D(2025, 1, 6), initial_end_date=D(2025, 7, 5),
        end_date=D(2025, 7, 5), weekly_minutes=26 * 60, actual_end_date=D(2025, 6, 30),
        end_reason=EndReason.HIRED_ELSEWHERE, exit_reason=ExitReason.CDI,
        exit_notes=s["exit_notes"], hourly_wage=Decimal("11.88"),
    )  # fmt: skip
    session.add_all([diagnosis, contract])
    session.add(
        m.PassIae(person_id=person.id, number=s["pass_number"], start_date=D(2025, 1, 6),
                  initial_end_date=D(2027, 1, 5))
    )  # fmt: skip
    session.flush()
    for month in range(1, 7):
        session.add(
            m.MonthlyHours(
                contract_id=contract.id, month=D(2025, month, 1), worked_minutes=100 * 60,
                notes=s["hours_note"] if month == 3 else None,
            )
        )  # fmt: skip
    session.add_all(
        [
            m.SensitiveNote(person_id=person.id, kind=SensitiveNoteKind.HEALTH,
                            written_on=D(2025, 2, 1), text=s["sensitive"]),
            m.Milestone(person_id=person.id, kind=MilestoneKind.REVIEW_M3, due_date=D(2025, 4, 6),
                        done_date=D(2025, 4, 7), status=MilestoneStatus.DONE,
                        notes=s["milestone"], next_objectives=s["objectives"]),
            m.BarrierScore(person_id=person.id, barrier=Barrier.FINANCES, scored_on=D(2025, 4, 7),
                           score=4, comment=s["barrier_comment"]),
            m.BarrierAction(person_id=person.id, barrier=Barrier.FINANCES, description=s["action"],
                            partner=s["partner"], due_date=D(2025, 5, 1)),
            m.Pmsmp(person_id=person.id, contract_id=contract.id, host_name=s["pmsmp_host"],
                    host_contact=s["pmsmp_contact"], start_date=D(2025, 5, 12),
                    end_date=D(2025, 5, 16)),
        ]
    )  # fmt: skip
    audit.record(
        session, actor, audit.Action.EXPORT, "person", person_id=person.id,
        summary=f"liste exportée (fiche-{s['usage_name']}-{s['first_names']}.csv)",
    )  # fmt: skip
    session.flush()
    return person.id
