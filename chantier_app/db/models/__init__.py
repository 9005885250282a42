"""All tables of the application, imported here so the metadata is complete."""

from chantier_app.db.models.audit import AuditEntry
from chantier_app.db.models.contract import (
    Amendment,
    Contract,
    ContractDerogation,
    ContractSuspension,
)
from chantier_app.db.models.history import RecordVersion
from chantier_app.db.models.hours import DailyAttendance, DeclaredMonth, MonthlyHours
from chantier_app.db.models.person import (
    EligibilityCriterionProof,
    EligibilityDiagnosis,
    PassIae,
    PassProlongation,
    PassSuspension,
    Person,
)
from chantier_app.db.models.platforms import EmploisHire, FrozenYearlyReport, PathReport
from chantier_app.db.models.structure import (
    Convention,
    Staff,
    Structure,
    Team,
    Workshop,
    staff_team,
)
from chantier_app.db.models.support import (
    BarrierAction,
    BarrierScore,
    Milestone,
    Pmsmp,
    SensitiveNote,
)
from chantier_app.db.models.training import Enrolment, TrainingAttendance, TrainingSession

__all__ = [
    "Amendment",
    "AuditEntry",
    "BarrierAction",
    "BarrierScore",
    "Contract",
    "ContractDerogation",
    "ContractSuspension",
    "Convention",
    "DailyAttendance",
    "DeclaredMonth",
    "EligibilityCriterionProof",
    "EligibilityDiagnosis",
    "EmploisHire",
    "Enrolment",
    "FrozenYearlyReport",
    "Milestone",
    "MonthlyHours",
    "PassIae",
    "PassProlongation",
    "PassSuspension",
    "PathReport",
    "Person",
    "Pmsmp",
    "RecordVersion",
    "SensitiveNote",
    "Staff",
    "Structure",
    "Team",
    "TrainingAttendance",
    "TrainingSession",
    "Workshop",
    "staff_team",
]
