"""The contract (CDDI or Premières Heures): parties, terms, legal clauses, signatures.

The clauses are the editable text ``resources/legal/contrat.md``; this module only
computes the values and flags the text asks for.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.contract_dates import Duration
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.reports import legal
from chantier_app.reports.base import build_pdf, page_width, signature_boxes, styles, text
from chantier_app.reports.checks import check_person
from chantier_app.reports.data import ContractDocument, ContractTerms, PersonIdentity, StructureInfo
from chantier_app.reports.errors import DocumentError
from chantier_app.reports.wording import (
    BLANK,
    CONTRACT_TITLES,
    days_words,
    de,
    format_siret,
    gendered,
    hours_words,
    identity_phrase,
    lower_first,
    money,
    structure_address,
)


def party_values(
    structure: StructureInfo, person: PersonIdentity, nir: str | None = None
) -> dict[str, str]:
    """The values both parties' paragraphs use (contract and amendment)."""
    return {
        "structure": structure.name,
        "siret": format_siret(structure.siret) or BLANK,
        "adresse_structure": structure_address(structure),
        "representant": structure.director_name or tr("son représentant légal"),
        "salarie": person.formal_name,
        "identite_salarie": identity_phrase(person, nir),
        "ville": structure.city or BLANK,
        # The text speaks of the employee as they are: « la salariée », « elle ».
        "le_salarie": gendered(person, tr("le salarié"), tr("la salariée")),
        "le_salarie_debut": gendered(person, tr("Le salarié"), tr("La salariée")),
        "du_salarie": gendered(person, tr("du salarié"), tr("de la salariée")),
        "au_salarie": gendered(person, tr("au salarié"), tr("à la salariée")),
        "il": gendered(person, tr("il"), tr("elle")),
        "lui": gendered(person, tr("lui"), tr("elle")),
    }


def working_time(terms: ContractTerms) -> str:
    """« 26 heures » (per week for a CDDI, per month for Premières Heures)."""
    minutes = terms.monthly_minutes if terms.kind.hours_per_month else terms.weekly_minutes
    if not minutes:
        raise DocumentError(
            tr("Le contrat ne peut pas être imprimé : la durée du travail n'est pas renseignée.")
        )
    return hours_words(minutes)


def contract_values(document: ContractDocument, terms: ContractTerms) -> dict[str, str]:
    structure, person = document.structure, document.person
    wage = terms.hourly_wage
    if wage is None:
        raise DocumentError(
            tr(
                "Le contrat ne peut pas être imprimé : le salaire horaire n'est renseigné ni sur "
                "le contrat ni dans les paramètres de la structure."
            )
        )
    signed = terms.signed_on or document.issued_on
    return {
        **party_values(structure, person, document.nir),
        "intitule_contrat": CONTRACT_TITLES[terms.kind],
        "numero_pass": format_pass(document.pass_number) if document.pass_number else BLANK,
        "date_debut": format_date(terms.start_date),
        "date_fin": format_date(terms.end_date),
        "duree_contrat": Duration.of_period(terms.start_date, terms.end_date).text(),
        "poste": terms.job_title or BLANK,
        "de_poste": de(terms.job_title),
        "atelier": terms.workshop or BLANK,
        "activite": terms.activity or terms.kind.label,
        "equipe": terms.team or BLANK,
        "duree_travail": working_time(terms),
        "derogation": lower_first(terms.derogation.label),
        "reference_derogation": terms.derogation_reference or BLANK,
        "debut_derogation": format_date(terms.derogation_start)
        if terms.derogation_start
        else BLANK,
        "fin_derogation": format_date(terms.derogation_end) if terms.derogation_end else BLANK,
        "periode_essai": days_words(terms.trial_days or 0),
        "salaire_horaire": money(wage),
        "cip": (
            tr("{name}, conseillère en insertion professionnelle")
            if document.cip_is_woman
            else tr("{name}, conseiller en insertion professionnelle")
        ).format(name=document.cip_name)
        if document.cip_name
        else tr("un conseiller en insertion professionnelle de la structure"),
        "diplome": terms.target_diploma or BLANK,
        "organisme_formation": terms.training_provider or BLANK,
        "date_signature": format_date(signed) if signed else BLANK,
    }


def contract_flags(terms: ContractTerms) -> set[str]:
    flags = {"cddi"} if terms.kind.is_cddi else {"premieres_heures"}
    if terms.kind is ContractKind.CDDI_QUALIFYING:
        flags.add("qualifiant")
    if terms.derogation is not DerogationKind.NONE:
        flags.add("derogation")
        if terms.derogation_start and terms.derogation_end:
            flags.add("periode_derogation")
    if terms.trial_days:
        flags.add("essai")
    return flags


def signatures(structure: StructureInfo, person: PersonIdentity, width: float) -> Flowable:
    employer = tr("Pour l'employeur : {name}").format(
        name=structure.director_name or structure.name
    )
    employee = tr("{role} : {name}").format(
        role=gendered(person, tr("Le salarié"), tr("La salariée")), name=person.full_name
    )
    note = Paragraph(
        tr("Signatures précédées de la mention manuscrite « Lu et approuvé »."), styles().small
    )
    return KeepTogether([Spacer(0, 4 * mm), note, signature_boxes([employer, employee], width)])


def copy_label(number: int | None, issued_on: dt.date | None) -> str | None:
    """« Exemplaire n° 1 » for the copy signed; any later print is a duplicate:
    « Exemplaire n° 2 — Duplicata — édité le 03/12/2026 »."""
    if number is None:
        return None
    label = tr("Exemplaire n° {n}").format(n=number)
    if number > 1:
        label += " — " + tr("Duplicata — édité le {day}").format(
            day=format_date(issued_on) if issued_on else BLANK
        )
    return label


def render_contract(document: ContractDocument) -> bytes:
    terms = document.contract
    if terms is None:
        raise DocumentError(
            tr("Aucun contrat à imprimer pour {name}.").format(name=document.person.full_name)
        )
    check_person(document.person, tr("Le contrat"))
    values = contract_values(document, terms)
    clauses = legal.load("contrat.md", document.structure.texts_dir)
    title = legal.title_of(clauses, values, CONTRACT_TITLES[terms.kind])
    st = styles()
    story: list[Flowable] = [text(title, st.title)]
    story.append(
        Paragraph(
            tr("Code du travail, articles L5132-15-1 et suivants"),
            st.subtitle,
        )
    )
    story += legal.flowables(clauses, values, contract_flags(terms))
    story.append(signatures(document.structure, document.person, page_width()))
    return build_pdf(
        story,
        structure=document.structure,
        title=tr("Contrat de travail — {name}").format(name=document.person.full_name),
        issued_on=document.issued_on,
        copy_label=copy_label(document.copy_number, document.issued_on),
    )
