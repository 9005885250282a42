"""Hand-made document data: accents everywhere, fixed dates, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chantier_app.domain.codes.contract_codes import AmendmentKind, ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.reports.data import (
    AmendmentDocument,
    AmendmentTerms,
    ContractDocument,
    ContractTerms,
    PersonIdentity,
    StructureInfo,
)

STRUCTURE = StructureInfo(
    name="Les Ateliers de l'Écluse",
    siret="73282932000074",
    address_lines=("12 rue de l'Ourcq", "75019 Paris"),
    city="Paris",
    phone="01 42 00 12 34",
    email="contact@ecluse.example",
    director_name="Hélène Bérénger",
)
PERSON = PersonIdentity(
    civility=Civility.MRS,
    usage_name="Lefèvre",
    first_names="Élodie",
    birth_name="Müller",
    birth_date=dt.date(1985, 3, 12),
    birth_place="Besançon",
    address_lines=("4 rue de Crimée", "75019 Paris"),
    phone="06 12 34 56 78",
)
NIR = "285032510801548"
TERMS = ContractTerms(
    kind=ContractKind.CDDI_REMOBILISING,
    start_date=dt.date(2026, 1, 5),
    end_date=dt.date(2026, 7, 4),
    workshop="Nettoyage",
    activity="Nettoyage de locaux et de parties communes",
    team="Équipe A",
    job_title="Agent d'entretien",
    weekly_minutes=26 * 60,
    trial_days=14,
    hourly_wage=Decimal("11.88"),
    signed_on=dt.date(2026, 1, 2),
)


def contract_document(**changes) -> ContractDocument:
    values = dict(
        structure=STRUCTURE,
        person=PERSON,
        contract=TERMS,
        nir=NIR,
        pass_number="999991234567",
        cip_name="Rachid Bensaïd",
        issued_on=dt.date(2026, 1, 2),
    )
    values.update(changes)
    return ContractDocument(**values)


def amendment_document(**changes) -> AmendmentDocument:
    amendment = AmendmentTerms(
        number=1,
        kind=AmendmentKind.RENEWAL,
        effective_date=dt.date(2026, 7, 5),
        previous_end_date=dt.date(2026, 7, 4),
        new_end_date=dt.date(2027, 1, 4),
        reason="Poursuite du parcours : projet professionnel en construction",
        signed_on=dt.date(2026, 6, 20),
    )
    values = dict(
        structure=STRUCTURE,
        person=PERSON,
        contract=TERMS,
        amendment=amendment,
        cumulative_months=Decimal(12),
        issued_on=dt.date(2026, 6, 20),
    )
    values.update(changes)
    return AmendmentDocument(**values)


def follow_up_document(**changes):
    from chantier_app.domain.codes.barriers import Barrier
    from chantier_app.domain.codes.support_codes import (
        MilestoneKind,
        MilestoneStatus,
        TrainingResult,
    )
    from chantier_app.reports.data import (
        BarrierHistory,
        ContractLine,
        FollowUpDocument,
        MilestoneLine,
        MonthHours,
        TrainingLine,
    )

    first = ContractLine(
        kind=ContractKind.FIRST_HOURS,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 1, 4),
        ended=True,
        months=Decimal("4.1"),
        workshop="Nettoyage",
        job_title="Agent d'entretien",
    )
    current = ContractLine(
        kind=ContractKind.CDDI_REMOBILISING,
        start_date=dt.date(2026, 1, 5),
        end_date=dt.date(2027, 1, 4),
        ended=False,
        months=Decimal(12),
        workshop="Nettoyage",
        job_title="Agent d'entretien",
        amendments=1,
    )
    hours = tuple(
        MonthHours(
            month=dt.date(2026, month, 1),
            worked_minutes=(106 + month) * 60 + 30,
            training_minutes=420 if month == 3 else 0,
            sick_minutes=840 if month == 5 else 0,
        )
        for month in range(1, 11)
    )
    values = dict(
        structure=STRUCTURE,
        person=PERSON,
        issued_on=dt.date(2026, 11, 23),
        team="Nettoyage — Équipe A",
        cip_name="Rachid Bensaïd",
        supervisor_names=("Marc Petitjean",),
        pass_number="999991234567",
        pass_end=dt.date(2027, 8, 31),
        contracts=(first, current),
        cumulative_months=Decimal("16.1"),
        current_contract=current,
        hours=hours,
        trainings=(
            TrainingLine(
                title="Sauveteur secouriste du travail (SST)",
                start_date=dt.date(2026, 4, 13),
                end_date=dt.date(2026, 4, 14),
                provider="Croix-Rouge",
                minutes=14 * 60,
                result=TrainingResult.OBTAINED,
                certificate="Certificat SST",
            ),
        ),
        milestones=(
            MilestoneLine(
                MilestoneKind.REVIEW_M3,
                dt.date(2026, 4, 7),
                MilestoneStatus.DONE,
                objectives_reached="CV à jour",
                next_objectives="Préparer une PMSMP en hôtellerie",
            ),
            MilestoneLine(MilestoneKind.REVIEW_M10, dt.date(2026, 12, 3), MilestoneStatus.PLANNED),
        ),
        barriers=(
            BarrierHistory(Barrier.MOBILITY, ((dt.date(2026, 2, 4), 4), (dt.date(2026, 7, 6), 2))),
            BarrierHistory(Barrier.HEALTH, ((dt.date(2026, 2, 4), 5),)),
            BarrierHistory(Barrier.HOUSING, ((dt.date(2026, 2, 4), 3), (dt.date(2026, 7, 6), 3))),
        ),
    )
    values.update(changes)
    return FollowUpDocument(**values)


SIGN_IN_NAMES = (
    "BÉNARD Jérôme",
    "LEFÈVRE Élodie",
    "MÜLLER Noël",
    "ÇELIK Loïc",
    "SØRENSEN Anaïs",
    "DA SILVA-LÉVÊQUE Maëlys",
    "NGUYEN François",
    "TRAORÉ Aïcha",
    "KEÏTA Raphaël",
    "HADDAD Inès",
)


def sign_in_sheet(*, monthly: bool = True, people: int = 10, **changes):
    from chantier_app.reports.data import SignInPerson, SignInSheet

    first, last = (
        (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        if monthly
        else (dt.date(2026, 11, 9), dt.date(2026, 11, 15))
    )
    names = [SIGN_IN_NAMES[i % len(SIGN_IN_NAMES)] for i in range(people)]
    values = dict(
        structure=STRUCTURE,
        team="Équipe A",
        workshop="Nettoyage",
        first_day=first,
        last_day=last,
        monthly=monthly,
        people=tuple(
            SignInPerson(
                name,
                dt.date(2026, 11, 16) if index == 1 else dt.date(2026, 1, 5),
                dt.date(2026, 11, 20) if index == 2 else dt.date(2027, 1, 4),
            )
            for index, name in enumerate(names)
        ),
        supervisor_names=("Marc Petitjean",),
        holidays=((dt.date(2026, 11, 1), "Toussaint"), (dt.date(2026, 11, 11), "Armistice")),
    )
    values.update(changes)
    return SignInSheet(**values)


def attestation_document(**changes):
    from chantier_app.reports.data import AttestationDocument

    fu = follow_up_document()
    values = dict(
        structure=STRUCTURE,
        person=PERSON,
        contracts=fu.contracts,
        issued_on=dt.date(2027, 1, 4),
        worked_minutes=1400 * 60 + 30,
        training_minutes=14 * 60,
        activities=("Nettoyage de locaux et de parties communes",),
        trainings=fu.trainings,
    )
    values.update(changes)
    return AttestationDocument(**values)


def monthly_statement(**changes):
    from chantier_app.domain.codes.exit_reasons import ExitReason
    from chantier_app.reports.data import MonthlyStatement, StatementLine

    lines = (
        StatementLine(
            "LEFÈVRE Élodie",
            "999991234567",
            ContractKind.CDDI_REMOBILISING,
            dt.date(2026, 1, 5),
            dt.date(2027, 1, 4),
            worked_minutes=112 * 60 + 30,
            training_minutes=7 * 60,
        ),
        StatementLine(
            "MÜLLER Noël",
            "999997654321",
            ContractKind.CDDI_QUALIFYING,
            dt.date(2025, 11, 20),
            dt.date(2026, 11, 19),
            worked_minutes=80 * 60,
            actual_end=dt.date(2026, 11, 19),
            exit_reason=ExitReason.CDI,
        ),
        StatementLine(
            "ÇELIK Loïc",
            None,
            ContractKind.FIRST_HOURS,
            dt.date(2026, 10, 1),
            dt.date(2027, 1, 31),
            worked_minutes=None,
        ),
    )
    values = dict(structure=STRUCTURE, month=dt.date(2026, 11, 1), lines=lines)
    values.update(changes)
    return MonthlyStatement(**values)


def yearly_report(**changes):
    from chantier_app.domain.codes.exit_reasons import ExitCategory
    from chantier_app.reports.data import Count, YearlyReport

    values = dict(
        structure=STRUCTURE,
        year=2026,
        people_employed=40,
        new_hires=22,
        contracts_started=24,
        paid_minutes=36500 * 60,
        fte=Decimal("22.71"),
        funded_fte=Decimal("25.00"),
        fte_by_month=tuple(
            (dt.date(2026, m, 1), Decimal("20") + Decimal(m) / 3) for m in range(1, 13)
        ),
        exits=(
            (ExitCategory.SUSTAINABLE_JOB, 4),
            (ExitCategory.TRANSITION_JOB, 3),
            (ExitCategory.POSITIVE, 3),
            (ExitCategory.OTHER, 6),
            (ExitCategory.EXCLUDED, 1),
        ),
        dynamic_exit_rate=Decimal("62.5"),
        women=18,
        men=22,
        age_bands=(
            Count("Moins de 26 ans", 9),
            Count("26 à 49 ans", 24),
            Count("50 ans et plus", 7),
        ),
        resources=(Count("Bénéficiaires du RSA", 25), Count("RQTH", 5), Count("Résidents QPV", 19)),
        education=(
            Count("Niveau CAP ou BEP", 12),
            Count("Niveau bac", 8),
            Count("Jamais scolarisé", 3),
        ),
        issued_on=dt.date(2027, 1, 15),
    )
    values.update(changes)
    return YearlyReport(**values)
