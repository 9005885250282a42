"""The control file (« dossier de contrôle »): what an on-site control by the DDETS asks, for a
chosen period: the employees with their entries, exits, contracts and FTE; for each file the
diagnosis and its delay after hiring (target 30 days), the PASS and its criteria, the dated
interviews, each renewal with its review, each stay beyond 24 months; the PMSMP register
with its limits (D5135-3); exit rates against the convention's targets; FTE realised
against FTE funded.

It leaves the structure: nothing the classification (``domain.sharing``) keeps inside is
written — a criterion, a renewal's justification or a reason to go beyond 24 months that
can tell a health, disability or justice fact says « enregistré » or « réservé », and the
proof is shown on site. Exits are counted by category, as the State's typology does.
Figures are the services' own: exits (``contracts.exits``), funded FTE (``hours.fte``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain import eligibility, pmsmp
from chantier_app.domain.codes.contract_codes import AmendmentKind, ExtensionReason
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.contract_dates import Span, merge_runs
from chantier_app.domain.errors import ValidationError
from chantier_app.domain.fr_format import format_date, format_minutes, match_key
from chantier_app.domain.fte import fte, rounded
from chantier_app.domain.sharing import row_may_leave
from chantier_app.i18n import tr
from chantier_app.reports.control_data import (
    BeyondLimit,
    ControlFile,
    ControlPerson,
    ControlPmsmp,
    FteYearLine,
    Renewal,
)
from chantier_app.services import roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.contracts.exits import _count_exits
from chantier_app.services.documents._common import (
    cumulative_months,
    pass_for,
    structure_info,
    structure_row,
)
from chantier_app.services.documents.printing import require_print
from chantier_app.services.hours.fte import PAID_MINUTES, _funded_fte, on_live_contracts
from chantier_app.services.roles_matrix import Permission

ORDER = list(EligibilityCriterion)
RESERVED_CRITERION = tr("critère réservé (justificatif présenté sur place)")
MAX_MONTHS = 24


def check_period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start is None or end is None:
        raise ValidationError(tr("Période : indiquez le début et la fin."), field="start")
    if end < start:
        raise ValidationError(tr("Période : la fin précède le début."), field="end")
    if (end - start).days > 5 * 366:
        raise ValidationError(tr("Période : cinq ans au plus."), field="end")
    return start, end


def require_control(actor: Actor) -> None:
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    require_print(actor)


class _Loaded:
    """Everything about the people of the period, in a dozen queries whatever their number."""

    def __init__(self, session: Session, start: dt.date, end: dt.date) -> None:
        end_col = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
        self.people_ids = sorted(
            set(
                session.scalars(
                    select(m.Contract.person_id)
                    .join(m.Person, m.Person.id == m.Contract.person_id)
                    .where(m.Contract.start_date <= end, end_col >= start)
                    .where(m.Person.anonymised_at.is_(None))
                )
            )
        )
        ids = self.people_ids
        self.people = {
            p.id: p
            for p in session.scalars(
                select(m.Person)
                .where(m.Person.id.in_(ids))
                .options(
                    selectinload(m.Person.passes).selectinload(m.PassIae.suspensions),
                    selectinload(m.Person.passes).selectinload(m.PassIae.prolongations),
                    selectinload(m.Person.diagnoses).selectinload(m.EligibilityDiagnosis.criteria),
                )
            )
        }
        self.contracts: dict[int, list[m.Contract]] = defaultdict(list)
        for c in session.scalars(
            select(m.Contract)
            .where(m.Contract.person_id.in_(ids))
            .options(selectinload(m.Contract.amendments))
            .order_by(m.Contract.start_date, m.Contract.id)
        ):
            self.contracts[c.person_id].append(c)
        self.milestones: dict[int, list[m.Milestone]] = defaultdict(list)
        for ms in session.scalars(
            select(m.Milestone)
            .where(m.Milestone.person_id.in_(ids), m.Milestone.status == MilestoneStatus.DONE)
            .order_by(m.Milestone.done_date, m.Milestone.id)
        ):
            self.milestones[ms.person_id].append(ms)
        first_month = start.replace(day=1)
        self.paid: dict[int, int] = defaultdict(int)
        for person_id, minutes in session.execute(
            select(m.Contract.person_id, func.sum(PAID_MINUTES))
            .join(m.Contract, m.Contract.id == m.MonthlyHours.contract_id)
            .where(m.Contract.person_id.in_(ids), m.MonthlyHours.month.between(first_month, end))
            .group_by(m.Contract.person_id)
        ):
            self.paid[person_id] = int(minutes or 0)
        self.validated_hires: dict[int, list[dt.date]] = defaultdict(list)
        for person_id, hiring_start in session.execute(
            select(m.EmploisHire.person_id, m.EmploisHire.hiring_start).where(
                m.EmploisHire.person_id.in_(ids), m.EmploisHire.eligibility_validated.is_(True)
            )
        ):
            if hiring_start is not None:
                self.validated_hires[person_id].append(hiring_start)


def _run(contracts: list[m.Contract], start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The continuous run of contracts the period sees last: the path under control."""
    runs = merge_runs(Span(c.start_date, c.effective_end) for c in contracts)
    seen = [r for r in runs if r.start <= end and r.end >= start] or runs
    return seen[-1].start, seen[-1].end


def _eligibility(
    person: m.Person, hired_on: dt.date, validated: list[dt.date]
) -> tuple[str, tuple[str, ...]]:
    made = [d for d in person.diagnoses if d.made_on <= hired_on]
    texts = []
    if any(abs((day - hired_on).days) <= 31 for day in validated):
        texts.append(tr("validée sur les emplois de l'inclusion"))
    if not made:
        return " ; ".join(texts) or tr("aucun diagnostic enregistré"), ()
    diagnosis = max(made, key=lambda d: (d.made_on, d.id))
    criteria = [c.criterion for c in diagnosis.criteria]
    texts.insert(
        0,
        tr("diagnostic du {date}, {who} : {outcome}").format(
            date=format_date(diagnosis.made_on),
            who=diagnosis.author_kind.label.lower(),
            outcome=eligibility.assess(criteria).summary,
        ),
    )
    labels = tuple(
        f"{c.label} (niv. {c.level})"
        if row_may_leave("eligibility_criterion", c)
        else f"{RESERVED_CRITERION} (niv. {c.level})"
        for c in sorted(criteria, key=lambda c: (c.level, ORDER.index(c)))
    )
    return " ; ".join(texts), labels


def _contract_line(c: m.Contract) -> str:
    hours = (
        tr("{h}/sem.").format(h=format_minutes(c.weekly_minutes))
        if c.weekly_minutes
        else tr("{h}/mois").format(h=format_minutes(c.monthly_minutes or 0))
    )
    renewals = sum(1 for a in c.amendments if a.kind is AmendmentKind.RENEWAL)
    text = tr("{kind} du {start} au {end} ({hours})").format(
        kind=c.kind.label, start=format_date(c.start_date), end=format_date(c.effective_end),
        hours=hours,
    )  # fmt: skip
    if renewals:
        text += tr(", {n} renouvellement(s)").format(n=renewals)
    return text


def _renewals(contracts: list[m.Contract], reviews: list[m.Milestone],
              start: dt.date, end: dt.date) -> tuple[Renewal, ...]:  # fmt: skip
    found = []
    for c in contracts:
        for a in c.amendments:
            if a.kind is not AmendmentKind.RENEWAL or not start <= a.effective_date <= end:
                continue
            window = a.effective_date - relativedelta(months=3)
            before = [r.done_date for r in reviews
                      if r.done_date and window <= r.done_date <= a.effective_date]  # fmt: skip
            found.append(Renewal(a.effective_date, a.new_end_date, max(before, default=None),
                                 bool((a.reason or "").strip())))  # fmt: skip
    return tuple(sorted(found, key=lambda r: r.effective))


def _beyond(contracts: list[m.Contract], until: dt.date) -> BeyondLimit | None:
    months = cumulative_months(contracts, until)
    if months <= MAX_MONTHS:
        return None
    reasons = [c.extension_reason for c in contracts] + [
        a.extension_reason for c in contracts for a in c.amendments
    ]
    limits = [c.extension_until for c in contracts if c.extension_until]
    return BeyondLimit(months, any(r is not ExtensionReason.NONE for r in reasons),
                       max(limits, default=None))  # fmt: skip


def _person(loaded: _Loaded, person_id: int, start: dt.date, end: dt.date,
            annual: int) -> ControlPerson:  # fmt: skip
    person = loaded.people[person_id]
    contracts = loaded.contracts[person_id]
    hired_on, run_end = _run(contracts, start, end)
    in_run = [c for c in contracts if hired_on <= c.start_date <= run_end]
    done = [ms for ms in loaded.milestones[person_id] if ms.done_date and ms.done_date >= hired_on]
    diagnoses = [ms for ms in done if ms.kind is MilestoneKind.DIAGNOSIS]
    exits = [c for c in contracts if c.actual_end_date and c.exit_reason
             and start <= c.actual_end_date <= end]  # fmt: skip
    exit_contract = max(exits, key=lambda c: c.actual_end_date or dt.date.min, default=None)
    exit_date = exit_contract.actual_end_date if exit_contract else None
    exit_review = None
    if exit_date is not None:
        reviews = [ms.done_date for ms in done if ms.kind is MilestoneKind.EXIT_REVIEW
                   and ms.done_date and abs((ms.done_date - exit_date).days) <= 62]  # fmt: skip
        exit_review = min(reviews, default=None)
    period = pass_for(person.passes, hired_on)
    text, criteria = _eligibility(person, hired_on, loaded.validated_hires[person_id])
    paid = loaded.paid[person_id]
    first_diagnosis = diagnoses[0].done_date if diagnoses else None
    return ControlPerson(
        person_id=person.id,
        name=person.display_name,
        birth_date=person.birth_date,
        pass_number=period.number if period else None,
        pass_start=period.start if period else None,
        pass_end=period.end if period else None,
        eligibility=text,
        criteria=criteria,
        hired_on=hired_on,
        entered=start <= hired_on <= end,
        exit_date=exit_date,
        exit_category=exit_contract.exit_reason.category
        if exit_contract and exit_contract.exit_reason
        else None,
        contracts=tuple(_contract_line(c) for c in in_run),
        paid_minutes=paid,
        fte=rounded(fte(paid, annual)),
        diagnosis_date=first_diagnosis,
        diagnosis_delay=(first_diagnosis - hired_on).days if first_diagnosis else None,
        interviews=tuple((ms.done_date, ms.kind.label) for ms in done if ms.done_date),
        renewals=_renewals(in_run, [ms for ms in done if ms.kind.is_review], start, end),
        beyond_24=_beyond(in_run, min(end, run_end)),
        exit_review=exit_review,
    )


def _pmsmps(session: Session, loaded: _Loaded, start: dt.date, end: dt.date) -> tuple[ControlPmsmp, ...]:  # fmt: skip
    rows = list(
        session.scalars(
            select(m.Pmsmp)
            .where(m.Pmsmp.person_id.in_(loaded.people_ids))
            .order_by(m.Pmsmp.start_date, m.Pmsmp.id)
        )
    )
    by_person: dict[int, list[pmsmp.Placement]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(
            pmsmp.Placement(row.host_name, row.host_siret, row.start_date, row.end_date)
        )
    register = []
    for row in rows:
        if not (row.start_date <= end and row.end_date >= start):
            continue
        placement = pmsmp.Placement(row.host_name, row.host_siret, row.start_date, row.end_date)
        same = pmsmp.same_host_count(placement, by_person[row.person_id])  # D5135-3
        register.append(
            ControlPmsmp(
                person_name=loaded.people[row.person_id].display_name,
                host=row.host_name,
                target_job=row.target_job,
                start=row.start_date,
                end=row.end_date,
                days=pmsmp.length_days(row.start_date, row.end_date),
                within_month=row.end_date <= pmsmp.latest_end(row.start_date),
                same_host_agreements=same.records,
                same_host_days=same.days,
                outcome=row.outcome.label,
            )
        )
    return tuple(register)


def _percent(part: int, whole: int) -> Decimal | None:
    return rounded(Decimal(part) * 100 / Decimal(whole), 1) if whole else None


def _fte_years(session: Session, start: dt.date, end: dt.date, annual: int) -> tuple[FteYearLine, ...]:  # fmt: skip
    lines = []
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1)).replace(day=1)
        last = min(end, dt.date(year, 12, 31))
        paid = session.scalar(
            on_live_contracts(select(func.coalesce(func.sum(PAID_MINUTES), 0))).where(
                m.MonthlyHours.month.between(first, last)
            )
        )
        lines.append(
            FteYearLine(
                year, rounded(fte(int(paid or 0), annual)), _funded_fte(session, year, None)
            )
        )
    return tuple(lines)


def control_file_data(
    session: Session,
    actor: Actor,
    start: dt.date | None,
    end: dt.date | None,
    *,
    today: dt.date | None = None,
) -> ControlFile:
    """The control file of ``start``..``end``: every file of the period, the registers, the
    rates; its print or export is recorded by the caller (``control_export``)."""
    require_control(actor)
    start, end = check_period(start, end)
    structure = structure_row(session)
    annual = structure.annual_fulltime_minutes
    loaded = _Loaded(session, start, end)
    people = tuple(
        sorted((_person(loaded, pid, start, end, annual) for pid in loaded.people_ids),
               key=lambda p: match_key(p.name))
    )  # fmt: skip
    exits = _count_exits(session, start, end)
    counted = exits.counted
    convention = session.scalars(
        select(m.Convention).where(
            m.Convention.year == end.year, m.Convention.workshop_id.is_(None)
        )
    ).first()
    end_col = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
    contracts_count = session.scalar(
        select(func.count()).select_from(m.Contract)
        .where(m.Contract.start_date <= end, end_col >= start)
    )  # fmt: skip
    return ControlFile(
        structure=structure_info(structure),
        start=start,
        end=end,
        people=people,
        pmsmps=_pmsmps(session, loaded, start, end),
        exits=exits.by_category,
        dynamic_rate=_percent(exits.dynamic, counted),
        sustainable_rate=_percent(exits.count(ExitCategory.SUSTAINABLE_JOB), counted),
        target_dynamic=convention.target_dynamic_rate if convention else None,
        target_sustainable=convention.target_sustainable_rate if convention else None,
        fte_years=_fte_years(session, start, end, annual),
        contracts_count=int(contracts_count or 0),
        issued_on=today or dt.date.today(),
    )
