"""Printed documents: which exist, who may print them, their data, the audit of each print.

``prepare`` gathers a document's plain data inside the caller's transaction, checks the
rights and records the print of personal data in the audit trail; ``render`` turns it
into PDF bytes (ReportLab, imported only then) outside any transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.errors import NotFoundError, PermissionDeniedError
from chantier_app.domain.fr_format import fold, format_date, format_month
from chantier_app.i18n import tr
from chantier_app.reports.drawing import Job, draw
from chantier_app.reports.errors import DocumentError
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.documents import _follow_up as follow_up
from chantier_app.services.documents import _people as people
from chantier_app.services.documents import _report as report
from chantier_app.services.documents import _teams as teams
from chantier_app.services.documents._common import month_bounds
from chantier_app.services.roles_matrix import Permission


class DocumentKind(enum.StrEnum):
    """The documents, named as on the command line."""

    CONTRACT = "contract"
    AMENDMENT = "amendment"
    FOLLOW_UP = "follow-up"
    FOLLOW_UP_SUPERVISOR = "follow-up-encadrant"
    SIGN_IN = "sign-in"
    ATTESTATION = "attestation"
    MONTHLY_STATEMENT = "monthly-statement"
    YEARLY_REPORT = "yearly-report"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def for_person(self) -> bool:
        return self in _PERSON_KINDS

    @property
    def supervisor_may_print(self) -> bool:
        """Encadrants print sign-in sheets and their follow-up sheet; the rest is DOCUMENTS_ALL."""
        return self in (DocumentKind.SIGN_IN, DocumentKind.FOLLOW_UP_SUPERVISOR)


_LABELS = {
    DocumentKind.CONTRACT: tr("Contrat de travail"),
    DocumentKind.AMENDMENT: tr("Avenant au contrat"),
    DocumentKind.FOLLOW_UP: tr("Fiche de suivi"),
    DocumentKind.FOLLOW_UP_SUPERVISOR: tr("Fiche de suivi (version encadrant)"),
    DocumentKind.SIGN_IN: tr("Feuille d'émargement"),
    DocumentKind.ATTESTATION: tr("Attestation d'expérience"),
    DocumentKind.MONTHLY_STATEMENT: tr("État mensuel des heures"),
    DocumentKind.YEARLY_REPORT: tr("Bilan annuel"),
}
_PERSON_KINDS = frozenset(
    {
        DocumentKind.CONTRACT,
        DocumentKind.AMENDMENT,
        DocumentKind.FOLLOW_UP,
        DocumentKind.FOLLOW_UP_SUPERVISOR,
        DocumentKind.ATTESTATION,
    }
)


@dataclass(frozen=True)
class DocumentRequest:
    """What to print. ``week`` (any day of it) or ``month`` (first day) for sign-in sheets."""

    kind: DocumentKind
    person_id: int | None = None
    contract_id: int | None = None  # a given contract (default: the person's latest)
    amendment_id: int | None = None  # a given amendment (default: the latest one)
    team_id: int | None = None
    month: dt.date | None = None
    week: dt.date | None = None
    year: int | None = None


@dataclass(frozen=True)
class PreparedDocument:
    request: DocumentRequest
    title: str
    filename: str
    data: Any  # one of the dataclasses of reports.data


@dataclass(frozen=True)
class GeneratedDocument:
    title: str
    filename: str
    pdf: bytes


def can_print(actor: Actor, kind: DocumentKind) -> bool:
    if roles_matrix.allowed(actor, Permission.DOCUMENTS_ALL):
        return True
    return kind.supervisor_may_print and roles_matrix.allowed(
        actor, Permission.DOCUMENTS_SUPERVISOR
    )


def require_print(actor: Actor, kind: DocumentKind | None = None) -> None:
    """A French refusal naming the document; ``None``: may this actor print anything?"""
    allowed = can_print(actor, kind) if kind else any(can_print(actor, k) for k in DocumentKind)
    if not allowed:
        what = f"« {kind.label} »" if kind else tr("de documents")
        raise PermissionDeniedError(
            tr("Action refusée : le rôle « {role} » ne permet pas d'imprimer {what}.").format(
                role=actor.role.label, what=what
            )
        )


def prepare(
    session: Session,
    actor: Actor,
    request: DocumentRequest,
    *,
    today: dt.date | None = None,
    texts_dir: Path | None = None,
    shared: follow_up.FollowUpBatch | None = None,
) -> PreparedDocument:
    """Check the rights, gather the data and audit the print; nothing is drawn yet.
    ``texts_dir``: the association's own wording (``AppPaths.texts_dir``), carried in the
    document's plain data to whichever process draws it. ``shared``: what a batch's
    follow-up sheets read once (``batch_data``)."""
    require_print(actor, request.kind)
    if request.kind.for_person and not (
        request.person_id or request.contract_id or request.amendment_id
    ):
        raise DocumentError(tr("Choisissez un salarié."))
    _require_scope(session, actor, request)
    day = today or dt.date.today()
    if shared is not None and request.kind in _FOLLOW_UP_KINDS:
        prepared = _follow_up(session, actor, request, day, shared)
    else:
        prepared = _GATHERERS[request.kind](session, actor, request, day)
    structure = dataclasses.replace(prepared.data.structure, texts_dir=texts_dir)
    return dataclasses.replace(
        prepared, data=dataclasses.replace(prepared.data, structure=structure)
    )


_FOLLOW_UP_KINDS = frozenset({DocumentKind.FOLLOW_UP, DocumentKind.FOLLOW_UP_SUPERVISOR})


def batch_data(
    session: Session,
    actor: Actor,
    requests: Sequence[DocumentRequest],
    today: dt.date | None = None,
) -> follow_up.FollowUpBatch | None:
    """What the follow-up sheets of ``requests`` read once, for ``prepare(shared=...)``;
    None when there are none this actor may print. Only data read: each sheet's ``prepare``
    still checks the rights on its person (an out-of-team one is refused there, nothing of
    theirs printed) and records its print."""
    ids = [
        r.person_id
        for r in requests
        if r.kind in _FOLLOW_UP_KINDS and r.person_id and can_print(actor, r.kind)
    ]
    if not ids:
        return None
    return follow_up.FollowUpBatch.load(session, ids, today or dt.date.today())


def _require_scope(session: Session, actor: Actor, request: DocumentRequest) -> None:
    """An encadrant prints only for the people and teams that are theirs."""
    if permissions.sees_everyone(actor):
        return
    if request.kind.for_person:
        person_id = request.person_id
        if person_id is None and request.contract_id:
            person_id = session.scalar(
                select(m.Contract.person_id).where(m.Contract.id == request.contract_id)
            )
        elif person_id is None and request.amendment_id:
            person_id = session.scalar(
                select(m.Contract.person_id)
                .join(m.Amendment, m.Amendment.contract_id == m.Contract.id)
                .where(m.Amendment.id == request.amendment_id),
                # A cancelled one is still the person's: its refusal names it (get_amendment).
                execution_options=including_cancelled(),
            )
        if person_id is None or not permissions.in_scope(session, actor, person_id):
            raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    elif request.team_id is not None and not permissions.team_in_scope(actor, request.team_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)


def _person_document(
    session: Session,
    actor: Actor,
    request: DocumentRequest,
    data: Any,
    person_id: int,
    detail: str = "",
) -> PreparedDocument:
    """Audit the print of one person's document (its kind, never its content)."""
    suffix = f" ({detail})" if detail else ""
    audit.record(
        session,
        actor,
        audit.Action.PRINT,
        "person",
        person_id,
        person_id=person_id,
        summary=tr("Document imprimé : {kind}{suffix}").format(
            kind=request.kind.label, suffix=suffix
        ),
    )
    title = f"{request.kind.label} — {data.person.full_name}{suffix}"
    return PreparedDocument(request, title, filename_for(title), data)


def _contract(
    session: Session, actor: Actor, request: DocumentRequest, today: dt.date
) -> PreparedDocument:
    if request.contract_id:
        contract = session.get(m.Contract, request.contract_id)
        if contract is None:
            raise NotFoundError(tr("Contrat"), request.contract_id)
    else:
        contract = people.latest_contract(session, request.person_id or 0)
    with_nir = roles_matrix.allowed(actor, Permission.NIR_VIEW)
    data = people.contract_data(session, contract, with_nir=with_nir, today=today)
    detail = tr("{kind} du {start}").format(
        kind=contract.kind.label, start=format_date(contract.start_date)
    )
    return _person_document(session, actor, request, data, contract.person_id, detail)


def _amendment(
    session: Session, actor: Actor, request: DocumentRequest, today: dt.date
) -> PreparedDocument:
    amendment = (
        people.get_amendment(session, request.amendment_id)
        if request.amendment_id
        else people.latest_amendment(session, request.person_id or 0)
    )
    data = people.amendment_data(session, amendment, today=today)
    detail = tr("n° {n}").format(n=amendment.number)
    return _person_document(session, actor, request, data, amendment.contract.person_id, detail)


def _follow_up(
    session: Session,
    actor: Actor,
    request: DocumentRequest,
    today: dt.date,
    shared: follow_up.FollowUpBatch | None = None,
) -> PreparedDocument:
    person_id = request.person_id or 0
    encadrant = request.kind is DocumentKind.FOLLOW_UP_SUPERVISOR
    data = follow_up.follow_up_data(
        session, person_id, encadrant=encadrant, today=today, batch=shared
    )
    return _person_document(session, actor, request, data, person_id)


def _attestation(
    session: Session, actor: Actor, request: DocumentRequest, today: dt.date
) -> PreparedDocument:
    person_id = request.person_id or 0
    data = people.attestation_data(session, person_id, today=today)
    return _person_document(session, actor, request, data, person_id)


def _month_of(request: DocumentRequest) -> dt.date:
    if request.month is None:
        raise DocumentError(tr("Choisissez le mois."))
    return request.month.replace(day=1)


def _sign_in(
    session: Session, actor: Actor, request: DocumentRequest, _today: dt.date
) -> PreparedDocument:
    if request.team_id is None:
        raise DocumentError(tr("Choisissez une équipe."))
    if request.week is not None:
        first, last = teams.week_bounds(request.week)
        period = tr("semaine du {day}").format(day=format_date(first))
        monthly = False
    else:
        first, last = month_bounds(_month_of(request))
        period, monthly = format_month(first), True
    data = teams.sign_in_data(session, request.team_id, first, last, monthly=monthly)
    title = f"{request.kind.label} — {data.team} — {period}"
    audit.record(
        session,
        actor,
        audit.Action.PRINT,
        "team",
        request.team_id,
        summary=tr("{title} ({n} salariés)").format(title=title, n=len(data.people)),
    )
    return PreparedDocument(request, title, filename_for(title), data)


def _monthly_statement(
    session: Session, actor: Actor, request: DocumentRequest, _today: dt.date
) -> PreparedDocument:
    month = _month_of(request)
    data = teams.monthly_statement_data(session, month)
    title = f"{request.kind.label} — {format_month(month)}"
    audit.record(
        session,
        actor,
        audit.Action.PRINT,
        "monthly_statement",
        summary=tr("{title} ({n} contrats)").format(title=title, n=len(data.lines)),
    )
    return PreparedDocument(request, title, filename_for(title), data)


def _yearly_report(
    session: Session, _actor: Actor, request: DocumentRequest, today: dt.date
) -> PreparedDocument:
    if request.year is None:
        raise DocumentError(tr("Choisissez l'année du bilan."))
    data = report.yearly_report_data(session, request.year, today=today)
    title = f"{request.kind.label} {request.year}"
    # Aggregated figures only: no personal data, so no audit line.
    return PreparedDocument(request, title, filename_for(title), data)


_Gatherer = Callable[[Session, Actor, DocumentRequest, dt.date], PreparedDocument]
_GATHERERS: dict[DocumentKind, _Gatherer] = {
    DocumentKind.CONTRACT: _contract,
    DocumentKind.AMENDMENT: _amendment,
    DocumentKind.FOLLOW_UP: _follow_up,
    DocumentKind.FOLLOW_UP_SUPERVISOR: _follow_up,
    DocumentKind.SIGN_IN: _sign_in,
    DocumentKind.ATTESTATION: _attestation,
    DocumentKind.MONTHLY_STATEMENT: _monthly_statement,
    DocumentKind.YEARLY_REPORT: _yearly_report,
}


_RENDERERS = {
    DocumentKind.CONTRACT: ("contract", "render_contract"),
    DocumentKind.AMENDMENT: ("amendment", "render_amendment"),
    DocumentKind.FOLLOW_UP: ("follow_up", "render_follow_up"),
    DocumentKind.FOLLOW_UP_SUPERVISOR: ("follow_up", "render_follow_up"),
    DocumentKind.SIGN_IN: ("sign_in", "render_sign_in"),
    DocumentKind.ATTESTATION: ("attestation", "render_attestation"),
    DocumentKind.MONTHLY_STATEMENT: ("monthly_statement", "render_monthly_statement"),
    DocumentKind.YEARLY_REPORT: ("yearly_report", "render_yearly_report"),
}


def render(prepared: PreparedDocument) -> GeneratedDocument:
    """Draw the PDF (ReportLab is imported here, on first use, never at start-up)."""
    return GeneratedDocument(prepared.title, prepared.filename, draw(drawing_job(prepared)))


def renderer_module(kind: DocumentKind) -> str:
    """The module of ``chantier_app.reports`` that draws documents of this kind."""
    return _RENDERERS[kind][0]


def drawing_job(prepared: PreparedDocument) -> Job:
    """What ``reports.drawing.draw`` needs: picklable, for a batch's worker processes."""
    module_name, function = _RENDERERS[prepared.request.kind]
    return module_name, function, prepared.data


def generate(
    session: Session,
    actor: Actor,
    request: DocumentRequest,
    *,
    today: dt.date | None = None,
    texts_dir: Path | None = None,
) -> GeneratedDocument:
    """``prepare`` then ``render``: for scripts and the command line."""
    return render(prepare(session, actor, request, today=today, texts_dir=texts_dir))


def filename_for(title: str) -> str:
    """« Fiche de suivi — Élodie LEFÈVRE » -> « fiche-de-suivi-elodie-lefevre.pdf »."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")
    return f"{slug or 'document'}.pdf"
