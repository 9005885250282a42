"""The records a correction or a cancellation keeps a previous version of, and what was done."""

from __future__ import annotations

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class RecordKind(CodeEnum):
    """What a ``record_version`` row is a previous version of, and the rows of
    ``roles_matrix.CORRECTIONS``. ``OPEN_MONTH_HOURS`` keeps no version: until the month is
    declared its hours are entered again in the grid or the sign-in sheets (the trail has
    each change); only the right to change them is a row of the matrix."""

    CONTRACT = ("contract", tr("Contrat"))
    EXIT = ("exit", tr("Sortie"))
    SUSPENSION = ("suspension", tr("Suspension du contrat"))
    AMENDMENT = ("amendment", tr("Avenant"))
    ENROLMENT = ("enrolment", tr("Inscription en formation"))
    MILESTONE = ("milestone", tr("Entretien"))
    BARRIER_SCORE = ("barrier_score", tr("Cotation d'un frein"))
    BARRIER_ACTION = ("barrier_action", tr("Action sur un frein"))
    PMSMP = ("pmsmp", tr("PMSMP"))
    MONTH_HOURS = ("month_hours", tr("Heures d'un mois déclaré"))
    OPEN_MONTH_HOURS = ("open_month_hours", tr("Heures d'un mois non déclaré"))
    DIAGNOSIS = ("diagnosis", tr("Diagnostic d'éligibilité"))
    PASS_IAE = ("pass_iae", tr("PASS IAE"))
    PASS_SUSPENSION = ("pass_suspension", tr("Suspension du PASS IAE"))
    PASS_PROLONGATION = ("pass_prolongation", tr("Prolongation du PASS IAE"))
    MOVE_TO_CDDI = ("move_to_cddi", tr("Passage en CDDI"))
    SENSITIVE_NOTE = ("sensitive_note", tr("Note confidentielle"))
    TRAINING_SESSION = ("training_session", tr("Session de formation"))
    # The structure's yearly agreement with the State (funded FTE, aid): of no one's file.
    CONVENTION = ("convention", tr("Convention"))


class VersionAction(CodeEnum):
    CORRECT = ("correct", tr("Correction"))
    CANCEL = ("cancel", tr("Annulation"))
