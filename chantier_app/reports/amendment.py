"""An amendment (avenant): renewal, change of working time, or another change.

The wording is the editable text ``resources/legal/avenant.md``.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    ExtensionReason,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.reports import legal
from chantier_app.reports.base import build_pdf, page_width, styles, text
from chantier_app.reports.checks import check_person
from chantier_app.reports.contract import copy_label, party_values, signatures
from chantier_app.reports.data import AmendmentDocument, AmendmentTerms, ContractTerms
from chantier_app.reports.errors import DocumentError
from chantier_app.reports.wording import (
    BLANK,
    CONTRACT_TITLES,
    de,
    hours_words,
    lower_first,
    months_words,
)


def _working_time(terms: ContractTerms, minutes: int | None) -> str:
    if not minutes:
        return BLANK
    unit = tr("par mois") if terms.kind.hours_per_month else tr("par semaine")
    return f"{hours_words(minutes)} {unit}"


def _check(amendment: AmendmentTerms) -> None:
    if amendment.kind is AmendmentKind.RENEWAL and amendment.new_end_date is None:
        raise DocumentError(
            tr(
                "L'avenant n° {n} ne peut pas être imprimé : la nouvelle date de fin manque."
            ).format(n=amendment.number)
        )
    if amendment.kind is AmendmentKind.HOURS_CHANGE and not (
        amendment.new_weekly_minutes or amendment.new_monthly_minutes
    ):
        raise DocumentError(
            tr(
                "L'avenant n° {n} ne peut pas être imprimé : la nouvelle durée du travail manque."
            ).format(n=amendment.number)
        )


def _values(document: AmendmentDocument) -> dict[str, str]:
    terms, amendment = document.contract, document.amendment
    per_month = terms.kind.hours_per_month
    before = amendment.previous_monthly_minutes if per_month else amendment.previous_weekly_minutes
    after = amendment.new_monthly_minutes if per_month else amendment.new_weekly_minutes
    signed = amendment.signed_on or document.issued_on
    return {
        **party_values(document.structure, document.person),
        "numero": str(amendment.number),
        "intitule_contrat": lower_first(CONTRACT_TITLES[terms.kind]),
        "date_debut": format_date(terms.start_date),
        "date_fin_initiale": format_date(terms.end_date),
        "poste": terms.job_title or BLANK,
        "de_poste": de(terms.job_title),
        "date_fin_precedente": format_date(amendment.previous_end_date),
        "date_effet": format_date(amendment.effective_date),
        "nouvelle_date_fin": format_date(amendment.new_end_date),
        "duree_cumulee": months_words(document.cumulative_months)
        if document.cumulative_months is not None
        else BLANK,
        "motif_prolongation": lower_first(amendment.extension_reason.label),
        "ancienne_duree": _working_time(terms, before),
        "nouvelle_duree": _working_time(terms, after),
        "derogation": lower_first(amendment.new_derogation.label),
        "reference_derogation": amendment.new_derogation_reference or BLANK,
        "debut_derogation": format_date(amendment.new_derogation_start)
        if amendment.new_derogation_start
        else BLANK,
        "fin_derogation": format_date(amendment.new_derogation_end)
        if amendment.new_derogation_end
        else BLANK,
        "ancienne_derogation": lower_first(amendment.previous_derogation.label),
        "motif": amendment.reason or BLANK,
        "date_signature": format_date(signed) if signed else BLANK,
    }


def _flags(amendment: AmendmentTerms, kind: ContractKind) -> set[str]:
    flags = {
        AmendmentKind.RENEWAL: "renouvellement",
        AmendmentKind.HOURS_CHANGE: "duree_travail",
        AmendmentKind.OTHER: "autre",
    }
    chosen = {flags[amendment.kind], "cddi" if kind.is_cddi else "premieres_heures"}
    if amendment.extension_reason is not ExtensionReason.NONE:
        chosen.add("prolongation")
    if amendment.reason and amendment.kind is not AmendmentKind.OTHER:
        chosen.add("motif")
    # A renewal still below 20 h a week: the derogation period the months added fall in.
    if (
        amendment.kind is AmendmentKind.RENEWAL
        and kind.is_cddi
        and amendment.new_derogation is not DerogationKind.NONE
        and amendment.new_derogation_end
    ):
        chosen.add("derogation_renouvellement")
    if amendment.kind is AmendmentKind.HOURS_CHANGE and kind.is_cddi:
        # Below 20 h a week only under a derogation (D5132-43-5, D5132-43-8): the amendment
        # states the one it sets, or that the one the contract had ends.
        if amendment.new_derogation is not DerogationKind.NONE:
            chosen.add("derogation")
            if amendment.new_derogation_start and amendment.new_derogation_end:
                chosen.add("periode_derogation")
        elif amendment.previous_derogation is not DerogationKind.NONE:
            chosen.add("fin_derogation")
    return chosen


def render_amendment(document: AmendmentDocument) -> bytes:
    amendment = document.amendment
    _check(amendment)
    check_person(document.person, tr("L'avenant"))
    values = _values(document)
    clauses = legal.load("avenant.md", document.structure.texts_dir)
    title = legal.title_of(clauses, values, tr("Avenant n° {n}").format(n=amendment.number))
    st = styles()
    story: list[Flowable] = [
        text(title, st.title),
        text(amendment.kind.label, st.subtitle),
    ]
    story += legal.flowables(clauses, values, _flags(amendment, document.contract.kind))
    story.append(signatures(document.structure, document.person, page_width()))
    return build_pdf(
        story,
        structure=document.structure,
        title=tr("Avenant n° {n} — {name}").format(
            n=amendment.number, name=document.person.full_name
        ),
        issued_on=document.issued_on,
        copy_label=copy_label(document.copy_number, document.issued_on),
    )
