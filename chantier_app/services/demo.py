"""A realistic fictitious association, for trying the application and for screenshots.

Two workshops (cleaning, remobilising; catering, qualifying), about forty people
across the three contract kinds, a year of hours, trainings, milestones and barriers.
Deterministic: the same seed and reference date give the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.fr import nir as stdnum_nir

from chantier_app.db import models as m
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import AmendmentKind, ContractKind, EndReason
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.person_codes import (
    Civility,
    DiagnosisAuthor,
    DurationBand,
    FrenchLevel,
    HousingSituation,
    Mobility,
    Nationality,
    NirMissingReason,
    RsaKind,
)
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    EnrolmentStatus,
    MilestoneKind,
    MilestoneStatus,
    PmsmpOutcome,
    SensitiveNoteKind,
    TrainingKind,
    TrainingResult,
)
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.context import Actor

WOMEN = [
    "Élodie",
    "Chloé",
    "Anaïs",
    "Hélène",
    "Amélie",
    "Gaëlle",
    "Céline",
    "Maëlys",
    "Inès",
    "Léa",
    "Aïcha",
    "Fatoumata",
    "Nadia",
    "Samira",
    "Zoé",
    "Noémie",
    "Sévérine",
    "Bérénice",
]
MEN = [
    "Jérôme",
    "Loïc",
    "Noël",
    "François",
    "Benoît",
    "Joël",
    "Raphaël",
    "Théo",
    "Mamadou",
    "Karim",
    "Youssef",
    "Stéphane",
    "Grégoire",
    "Hervé",
    "Anthony",
    "Moussa",
    "Rémi",
    "Cédric",
]
SURNAMES = [
    "Lefèvre",
    "Müller",
    "Gauthier",
    "Bénard",
    "Diallo",
    "Traoré",
    "Nguyen",
    "Da Silva",
    "Lemaître",
    "Bouchard",
    "Pérez",
    "Kouassi",
    "Chérif",
    "Rousseau",
    "Lévêque",
    "Doré",
    "Ménard",
    "Benoît",
    "Fontaine",
    "Mercier",
    "Camara",
    "Haddad",
    "Leroy",
    "Garnier",
    "Boyer",
    "Çelik",
    "Sørensen",
    "Dumont",
    "Faure",
    "Keïta",
]
STREETS = [
    "rue de Flandre",
    "avenue Jean-Jaurès",
    "rue de Crimée",
    "quai de la Loire",
    "rue Petit",
    "boulevard de la Villette",
    "rue de l'Ourcq",
    "rue Riquet",
]

DEMO_STAFF = [
    (Role.DIRECTION, "Moreau", "Isabelle", "direction"),
    (Role.CIP, "Bensaïd", "Rachid", "cip1"),
    (Role.CIP, "Lacroix", "Sophie", "cip2"),
    (Role.SUPERVISOR, "Petitjean", "Marc", "encadrant1"),
    (Role.SUPERVISOR, "Ndiaye", "Awa", "encadrant2"),
    (Role.SUPERVISOR, "Roux", "Olivier", "encadrant3"),
]


class DemoRefused(AppError):
    """The data folder already holds real data: the demo never overwrites it."""


@dataclass(frozen=True)
class DemoSummary:
    people: int
    contracts: int
    hours_rows: int


def _valid_nir(rng: random.Random, civility: Civility, birth: dt.date) -> str:
    sex = "1" if civility is Civility.MR else "2"
    department = rng.choice(["75", "93", "94", "92", "69", "13", "2A", "59"])
    dep_digits = {"2A": "19", "2B": "18"}.get(department, department)
    commune = f"{rng.randint(1, 120):03d}"
    order = f"{rng.randint(1, 999):03d}"
    body = f"{sex}{birth:%y}{birth:%m}{dep_digits}{commune}{order}"
    key = stdnum_nir.calc_check_digits(body)
    return f"{sex}{birth:%y}{birth:%m}{department}{commune}{order}{key}"


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    month = first.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month += relativedelta(months=1)
    return months


def has_data(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(m.Person)))


def create_demo(
    session: Session,
    actor: Actor,
    *,
    today: dt.date | None = None,
    seed: int = 2026,
    people: int = 40,
) -> DemoSummary:
    """Fill an empty database with the demo association. Refuses a database with people."""
    if has_data(session) or session.scalar(select(func.count()).select_from(m.Structure)):
        raise DemoRefused(
            tr(
                "Ce dossier contient déjà des données : les données de démonstration ne sont "
                "créées que dans un dossier vide (utilisez --data-dir)."
            )
        )
    today = today or dt.date.today()
    rng = random.Random(seed)
    builder = _DemoBuilder(session, rng, today)
    return builder.build(people)


class _DemoBuilder:
    def __init__(self, session: Session, rng: random.Random, today: dt.date) -> None:
        self.s = session
        self.rng = rng
        self.today = today
        self.contracts = 0
        self.hours_rows = 0

    def build(self, people: int) -> DemoSummary:
        self._structure()
        self._staff_and_workshops()
        self._trainings()
        for index in range(people):
            self._person(index)
        self.s.flush()
        return DemoSummary(people, self.contracts, self.hours_rows)

    def _structure(self) -> None:
        self.s.add(
            m.Structure(
                name="Les Ateliers du Canal",
                siret="73282932000074",
                address_line1="12 rue de l'Ourcq",
                postal_code="75019",
                city="Paris",
                phone="01 42 00 12 34",
                email="contact@ateliers-du-canal.example",
                director_name="Isabelle Moreau",
                hourly_wage=Decimal("11.88"),
                is_demo=True,
            )
        )
        year = self.today.year
        self.s.add_all(
            [
                m.Convention(
                    year=year - 1, funded_fte=Decimal("24.50"), reference=f"ACI-75-{year - 1}-018"
                ),
                m.Convention(
                    year=year, funded_fte=Decimal("25.00"), reference=f"ACI-75-{year}-018"
                ),
            ]
        )

    def _staff_and_workshops(self) -> None:
        self.staff = {}
        for role, last, first, login in DEMO_STAFF:
            member = m.Staff(last_name=last, first_name=first, role=role, login=login)
            self.s.add(member)
            self.staff[login] = member
        self.cleaning = m.Workshop(
            name="Nettoyage",
            contract_kind=ContractKind.CDDI_REMOBILISING,
            activity="Nettoyage de locaux et de parties communes",
            default_weekly_minutes=26 * 60,
        )
        self.catering = m.Workshop(
            name="Restauration",
            contract_kind=ContractKind.CDDI_QUALIFYING,
            activity="Cuisine collective et service",
            default_weekly_minutes=26 * 60,
            target_diploma="Titre professionnel Agent de restauration",
            training_provider="GRETA Paris Industrie",
        )
        self.s.add_all([self.cleaning, self.catering])
        self.teams = {
            "Nettoyage A": m.Team(
                workshop=self.cleaning, name="Équipe A", supervisors=[self.staff["encadrant1"]]
            ),
            "Nettoyage B": m.Team(
                workshop=self.cleaning, name="Équipe B", supervisors=[self.staff["encadrant2"]]
            ),
            "Restauration": m.Team(
                workshop=self.catering, name="Cuisine", supervisors=[self.staff["encadrant3"]]
            ),
        }
        self.s.add_all(self.teams.values())
        self.s.flush()

    def _trainings(self) -> None:
        t = self.today
        self.sessions = [
            m.TrainingSession(
                title="Sauveteur secouriste du travail (SST)",
                provider="Croix-Rouge",
                kind=TrainingKind.SAFETY,
                start_date=t - relativedelta(months=7),
                end_date=t - relativedelta(months=7) + dt.timedelta(days=1),
                duration_minutes=14 * 60,
                funding="OPCO Uniformation",
                certificate_target="Certificat SST",
            ),
            m.TrainingSession(
                title="Hygiène alimentaire HACCP",
                provider="GRETA Paris Industrie",
                kind=TrainingKind.SAFETY,
                start_date=t - relativedelta(months=4),
                end_date=t - relativedelta(months=4) + dt.timedelta(days=2),
                duration_minutes=21 * 60,
                funding="OPCO Uniformation",
                certificate_target="Attestation HACCP",
            ),
            m.TrainingSession(
                title="Français langue étrangère",
                provider="Langues Plurielles",
                kind=TrainingKind.BASIC_SKILLS,
                start_date=t - relativedelta(months=5),
                end_date=t + relativedelta(months=1),
                duration_minutes=60 * 60,
                funding="Fonds propres",
            ),
            m.TrainingSession(
                title="Certificat CléA",
                provider="AFPA",
                kind=TrainingKind.PRE_QUALIFYING,
                start_date=t + dt.timedelta(days=10),
                end_date=t + relativedelta(months=2),
                duration_minutes=70 * 60,
                funding="Plan de développement des compétences",
                certificate_target="CléA",
            ),
        ]
        self.s.add_all(self.sessions)

    def _person(self, index: int) -> None:
        rng, today = self.rng, self.today
        civility = Civility.MRS if index % 2 else Civility.MR
        first = rng.choice(WOMEN if civility is Civility.MRS else MEN)
        surname = SURNAMES[index % len(SURNAMES)]
        if index >= len(SURNAMES):
            surname = f"{surname}-{SURNAMES[(index * 7) % len(SURNAMES)]}"
        birth = dt.date(rng.randint(1966, 2004), rng.randint(1, 12), rng.randint(1, 28))
        foreign = rng.random() < 0.2
        rsa = rng.choice(
            [RsaKind.NONE, RsaKind.NOT_INCREASED, RsaKind.NOT_INCREASED, RsaKind.INCREASED]
        )
        # Index 0..5: Premières Heures; 6..25: cleaning; the rest: catering.
        if index < 6:
            workshop, team, kind = (
                self.cleaning,
                self.teams["Nettoyage A"],
                ContractKind.FIRST_HOURS,
            )
        elif index < 26:
            team = self.teams["Nettoyage A" if index % 2 else "Nettoyage B"]
            workshop, kind = self.cleaning, ContractKind.CDDI_REMOBILISING
        else:
            workshop, team, kind = (
                self.catering,
                self.teams["Restauration"],
                ContractKind.CDDI_QUALIFYING,
            )
        person = m.Person(
            civility=civility,
            usage_name=surname,
            birth_name=surname
            if civility is Civility.MR or rng.random() < 0.7
            else rng.choice(SURNAMES),
            first_names=first,
            birth_date=birth,
            birth_place="Paris"
            if not foreign
            else rng.choice(["Bamako", "Alger", "Dakar", "Kaboul"]),
            birth_country="France"
            if not foreign
            else rng.choice(["Mali", "Algérie", "Sénégal", "Afghanistan"]),
            nationality=Nationality.NON_EU if foreign else Nationality.FRENCH,
            nir=None if foreign else _valid_nir(rng, civility, birth),
            nir_missing_reason=NirMissingReason.FOREIGN_PENDING if foreign else None,
            address_line1=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
            postal_code=rng.choice(["75019", "75018", "75020", "93300", "93500"]),
            city="Paris" if rng.random() < 0.7 else "Aubervilliers",
            phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            email=None
            if rng.random() < 0.4
            else f"{first[0].lower()}.{index}@exemple.fr".replace("é", "e"),
            ft_registered=True,
            ft_id=f"{rng.randint(1000000, 9999999)}X",
            ft_registered_since=today - dt.timedelta(days=rng.randint(200, 1500)),
            education_level=rng.choice(list(EducationLevel)),
            rsa=rsa,
            rsa_band=None if rsa is RsaKind.NONE else rng.choice(list(DurationBand)),
            rqth=rng.random() < 0.12,
            lone_parent=rng.random() < 0.2,
            housing=rng.choice(list(HousingSituation)),
            refugee=foreign and rng.random() < 0.5,
            released_from_detention=rng.random() < 0.08,
            qpv=rng.random() < 0.5,
            mobility=rng.choice(list(Mobility)),
            french_level=FrenchLevel.BEGINNER if foreign else FrenchLevel.NATIVE,
            referrer=rng.choice(
                [
                    Referrer.FRANCE_TRAVAIL,
                    Referrer.MISSION_LOCALE,
                    Referrer.PLIE,
                    Referrer.DEPARTMENT_SOCIAL_SERVICE,
                    Referrer.SPIP,
                ]
            ),
            referrer_contact=rng.choice(
                [
                    "Mme Caron (France Travail Paris 19)",
                    "M. Aubry (PLIE)",
                    "Mme Sall (Mission locale)",
                ]
            ),
            cip_id=self.staff["cip1" if index % 3 else "cip2"].id,
            team_id=team.id,
            emergency_contact_name=f"{rng.choice(WOMEN + MEN)} {surname}",
            emergency_contact_phone=f"07 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        )
        self.s.add(person)
        self.s.flush()
        start = today - dt.timedelta(days=rng.randint(20, 540))
        self._eligibility(person, start, rsa)
        contract = self._contract(person, kind, workshop, team, start)
        self._milestones(person, contract)
        self._barriers(person, contract)
        self._trainings_for(person, contract, index)
        if index in (8, 27):
            self.s.add(
                m.SensitiveNote(
                    person_id=person.id,
                    kind=SensitiveNoteKind.HEALTH,
                    written_on=start + dt.timedelta(days=20),
                    author_id=self.staff["cip1"].id,
                    text="Suivi médical en cours ; aménagement de poste à prévoir.",
                )
            )
        if index == 12:
            self.s.add(
                m.Pmsmp(
                    person_id=person.id,
                    contract_id=contract.id,
                    host_name="Hôtel Le Méridien Étoile",
                    target_job="Agent d'entretien",
                    start_date=today - dt.timedelta(days=3),
                    end_date=today + dt.timedelta(days=11),
                    outcome=PmsmpOutcome.PENDING,
                )
            )

    def _eligibility(self, person: m.Person, start: dt.date, rsa: RsaKind) -> None:
        diagnosis = m.EligibilityDiagnosis(
            person_id=person.id,
            made_on=start - dt.timedelta(days=self.rng.randint(5, 60)),
            author_kind=DiagnosisAuthor.PRESCRIBER,
            author_name=person.referrer_contact,
        )
        if rsa is not RsaKind.NONE:
            diagnosis.criteria.append(
                m.EligibilityCriterionProof(
                    criterion=EligibilityCriterion.RSA, proof="Attestation CAF"
                )
            )
        else:
            for criterion in (
                EligibilityCriterion.LOW_EDUCATION,
                EligibilityCriterion.DELD,
                EligibilityCriterion.QPV,
            ):
                diagnosis.criteria.append(m.EligibilityCriterionProof(criterion=criterion))
        self.s.add(diagnosis)
        pass_start = start - dt.timedelta(days=self.rng.randint(0, 20))
        self.s.add(
            m.PassIae(
                person_id=person.id,
                number=f"99999{self.rng.randint(1000000, 9999999)}",
                start_date=pass_start,
                initial_end_date=pass_start + dt.timedelta(days=729),
            )
        )

    def _contract(
        self,
        person: m.Person,
        kind: ContractKind,
        workshop: m.Workshop,
        team: m.Team,
        start: dt.date,
    ) -> m.Contract:
        rng, today = self.rng, self.today
        months = {
            ContractKind.FIRST_HOURS: 4,
            ContractKind.CDDI_REMOBILISING: 6,
            ContractKind.CDDI_QUALIFYING: 12,
        }[kind]
        end = start + relativedelta(months=months) - dt.timedelta(days=1)
        contract = m.Contract(
            person_id=person.id,
            kind=kind,
            workshop_id=workshop.id,
            team_id=team.id,
            job_title="Agent d'entretien"
            if workshop is self.cleaning
            else "Agent polyvalent de restauration",
            signed_on=start - dt.timedelta(days=2),
            start_date=start,
            initial_end_date=end,
            end_date=end,
            weekly_minutes=None if kind is ContractKind.FIRST_HOURS else 26 * 60,
            monthly_minutes=rng.choice([40, 50, 60]) * 60
            if kind is ContractKind.FIRST_HOURS
            else None,
            trial_days=None if kind is ContractKind.FIRST_HOURS else (14 if months <= 6 else 30),
            hourly_wage=Decimal("11.88"),
            training_provider=workshop.training_provider,
            target_diploma=workshop.target_diploma,
            created_by_id=self.staff["cip1"].id,
        )
        self.s.add(contract)
        self.s.flush()
        self.contracts += 1
        # Renew cleaning contracts that reached their end while the person still progresses.
        if kind is ContractKind.CDDI_REMOBILISING and end < today and rng.random() < 0.6:
            new_end = end + relativedelta(months=6)
            contract.amendments.append(
                m.Amendment(
                    number=1,
                    kind=AmendmentKind.RENEWAL,
                    signed_on=end - dt.timedelta(days=15),
                    effective_date=end + dt.timedelta(days=1),
                    previous_end_date=end,
                    new_end_date=new_end,
                    reason="Poursuite du parcours : projet professionnel en construction",
                )
            )
            contract.end_date = end = new_end
        if end < today:
            reason = rng.choice([*list(ExitReason)[:14], ExitReason.JOBSEEKER, ExitReason.NO_NEWS])
            contract.actual_end_date = end
            contract.end_reason = EndReason.TERM
            contract.exit_reason = reason
        self._hours(contract)
        return contract

    def _hours(self, contract: m.Contract) -> None:
        rng = self.rng
        last = min(contract.effective_end, self.today.replace(day=1) - dt.timedelta(days=1))
        first = max(contract.start_date, self.today.replace(day=1) - relativedelta(months=12))
        for month in _month_starts(first, last):
            month_end = month + relativedelta(months=1) - dt.timedelta(days=1)
            days = (
                min(month_end, contract.effective_end) - max(month, contract.start_date)
            ).days + 1
            share = days / ((month_end - month).days + 1)
            if contract.kind is ContractKind.FIRST_HOURS:
                due = int((contract.monthly_minutes or 0) * share)
            else:
                due = int((contract.weekly_minutes or 0) * 52 / 12 * share)
            sick = rng.choice([0, 0, 0, 7 * 60, 14 * 60]) if due > 20 * 60 else 0
            unjustified = rng.choice([0, 0, 0, 0, 3 * 60])
            training = rng.choice([0, 0, 7 * 60]) if contract.kind.is_cddi else 0
            worked = max(0, due - sick - unjustified - training)
            worked -= worked % 30
            self.s.add(
                m.MonthlyHours(
                    contract_id=contract.id,
                    month=month,
                    worked_minutes=worked,
                    training_minutes=training,
                    sick_minutes=sick,
                    unjustified_minutes=unjustified,
                )
            )
            self.hours_rows += 1

    def _milestones(self, person: m.Person, contract: m.Contract) -> None:
        plan = [
            (MilestoneKind.WELCOME, 0),
            (MilestoneKind.DIAGNOSIS, 30),
            (MilestoneKind.PLAN, 45),
            (MilestoneKind.REVIEW_M3, 91),
            (MilestoneKind.REVIEW_M6, 182),
            (MilestoneKind.REVIEW_M10, 304),
        ]
        for kind, offset in plan:
            due = contract.start_date + dt.timedelta(days=offset)
            if due > contract.effective_end:
                continue
            done = due < self.today - dt.timedelta(days=3)
            self.s.add(
                m.Milestone(
                    person_id=person.id,
                    contract_id=contract.id,
                    kind=kind,
                    due_date=due,
                    done_date=due + dt.timedelta(days=self.rng.randint(0, 6)) if done else None,
                    status=MilestoneStatus.DONE if done else MilestoneStatus.PLANNED,
                    author_id=person.cip_id,
                    generated=True,
                    notes="Entretien réalisé, salarié(e) impliqué(e) dans son parcours."
                    if done
                    else None,
                    next_objectives="Mettre à jour le CV ; préparer une PMSMP." if done else None,
                )
            )
        if contract.actual_end_date:
            self.s.add(
                m.Milestone(
                    person_id=person.id,
                    contract_id=contract.id,
                    kind=MilestoneKind.FOLLOW_UP_3M,
                    due_date=contract.actual_end_date + relativedelta(months=3),
                    status=MilestoneStatus.TO_PLAN,
                    author_id=person.cip_id,
                    generated=True,
                )
            )

    def _barriers(self, person: m.Person, contract: m.Contract) -> None:
        rng = self.rng
        dates = [contract.start_date + dt.timedelta(days=30)]
        if contract.start_date + dt.timedelta(days=182) < self.today:
            dates.append(contract.start_date + dt.timedelta(days=182))
        for barrier in rng.sample(list(Barrier), 4):
            score = rng.randint(2, 5)
            for when in dates:
                self.s.add(
                    m.BarrierScore(
                        person_id=person.id,
                        barrier=barrier,
                        scored_on=when,
                        score=score,
                        author_id=person.cip_id,
                    )
                )
                score = max(1, score - rng.randint(0, 2))
            if score >= 3:
                self.s.add(
                    m.BarrierAction(
                        person_id=person.id,
                        barrier=barrier,
                        description="Orientation vers un partenaire",
                        partner=rng.choice(["CCAS Paris 19", "Point d'accès au droit", "Wimoov"]),
                        due_date=self.today + dt.timedelta(days=rng.randint(-10, 40)),
                        status=ActionStatus.IN_PROGRESS,
                        author_id=person.cip_id,
                    )
                )

    def _trainings_for(self, person: m.Person, contract: m.Contract, index: int) -> None:
        for session in self.sessions:
            inside = contract.start_date <= session.start_date <= contract.effective_end
            if not inside or self.rng.random() < 0.5:
                continue
            past = session.end_date < self.today
            self.s.add(
                m.Enrolment(
                    session=session,
                    person_id=person.id,
                    contract_id=contract.id,
                    status=EnrolmentStatus.COMPLETED if past else EnrolmentStatus.ENROLLED,
                    attended_minutes=session.duration_minutes if past else 0,
                    result=TrainingResult.OBTAINED if past else TrainingResult.PENDING,
                    certificate_obtained=session.certificate_target if past else None,
                    result_date=session.end_date if past else None,
                )
            )


def is_demo_database(session: Session) -> bool:
    structure = session.scalars(select(m.Structure).limit(1)).first()
    return bool(structure and structure.is_demo)
