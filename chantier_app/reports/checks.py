"""Checks of the data every document needs, without ReportLab (services call them early)."""

from __future__ import annotations

from chantier_app.i18n import tr
from chantier_app.reports.data import PersonIdentity, StructureInfo
from chantier_app.reports.errors import DocumentError


def check_structure(structure: StructureInfo | None) -> StructureInfo:
    """The header needs the name, the address and the SIRET: say which one is missing."""
    if structure is None:
        raise DocumentError(
            tr(
                "Les paramètres de la structure ne sont pas renseignés (nom, adresse, SIRET) : "
                "complétez-les dans Paramètres avant d'imprimer."
            )
        )
    missing = []
    if not structure.name.strip():
        missing.append(tr("nom"))
    if not structure.address_lines:
        missing.append(tr("adresse"))
    if not structure.siret:
        missing.append(tr("SIRET"))
    if missing:
        raise DocumentError(
            tr(
                "Les paramètres de la structure sont incomplets ({fields}) : complétez-les "
                "dans Paramètres avant d'imprimer."
            ).format(fields=", ".join(missing))
        )
    return structure


def check_person(person: PersonIdentity, what: str) -> None:
    """A contract names the employee fully: birth date and address are required."""
    missing = []
    if person.birth_date is None:
        missing.append(tr("date de naissance"))
    if not person.address_lines:
        missing.append(tr("adresse"))
    if missing:
        raise DocumentError(
            tr(
                "{what} ne peut pas être imprimé : {fields} manquante(s) dans le dossier de {name}."
            ).format(what=what, fields=", ".join(missing), name=person.full_name)
        )
