"""People (salariés en insertion): records, lists, imports and exports, eligibility diagnoses and PASS IAE."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "records": (
            "create_person",
            "insert_checked",
            "update_person",
            "archive_person",
            "unarchive_person",
        ),
        "lookup": ("find_people",),
        "views": (
            "list_people",
            "get_person",
            "form_choices",
        ),
        "imports": (
            "preview_import",
            "import_people",
            "import_people_after_backup",
        ),
        "export": ("export_people",),
        "emplois_import": (
            "preview_emplois_import",
            "import_from_emplois",
            "import_after_backup",
        ),
        "emplois_hires": ("pending_hires",),
        "asp_record": (
            "employee_record",
            "incomplete_records",
        ),
        "eligibility": (
            "DiagnosisInput",
            "list_diagnoses",
            "add_diagnosis",
            "diagnosis_birth_date",
        ),
        "diagnosis_corrections": (
            "correct_diagnosis",
            "cancel_diagnosis",
        ),
        "pass_iae": (
            "PassInput",
            "SuspensionInput",
            "ProlongationInput",
            "list_passes",
            "add_pass",
            "add_suspension",
            "suggested_prolongation_start",
            "prolongation_rules_input",
            "add_prolongation",
        ),
        "pass_corrections": (
            "correct_pass",
            "cancel_pass",
            "correct_pass_suspension",
            "cancel_pass_suspension",
            "correct_pass_prolongation",
            "cancel_pass_prolongation",
        ),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.people.asp_record import employee_record as employee_record
    from chantier_app.services.people.asp_record import incomplete_records as incomplete_records
    from chantier_app.services.people.diagnosis_corrections import (
        cancel_diagnosis as cancel_diagnosis,
    )
    from chantier_app.services.people.diagnosis_corrections import (
        correct_diagnosis as correct_diagnosis,
    )
    from chantier_app.services.people.eligibility import DiagnosisInput as DiagnosisInput
    from chantier_app.services.people.eligibility import add_diagnosis as add_diagnosis
    from chantier_app.services.people.eligibility import (
        diagnosis_birth_date as diagnosis_birth_date,
    )
    from chantier_app.services.people.eligibility import list_diagnoses as list_diagnoses
    from chantier_app.services.people.emplois_hires import pending_hires as pending_hires
    from chantier_app.services.people.emplois_import import (
        import_after_backup as import_after_backup,
    )
    from chantier_app.services.people.emplois_import import (
        import_from_emplois as import_from_emplois,
    )
    from chantier_app.services.people.emplois_import import (
        preview_emplois_import as preview_emplois_import,
    )
    from chantier_app.services.people.export import export_people as export_people
    from chantier_app.services.people.imports import import_people as import_people
    from chantier_app.services.people.imports import (
        import_people_after_backup as import_people_after_backup,
    )
    from chantier_app.services.people.imports import preview_import as preview_import
    from chantier_app.services.people.lookup import find_people as find_people
    from chantier_app.services.people.pass_corrections import (
        cancel_pass as cancel_pass,
    )
    from chantier_app.services.people.pass_corrections import (
        cancel_pass_prolongation as cancel_pass_prolongation,
    )
    from chantier_app.services.people.pass_corrections import (
        cancel_pass_suspension as cancel_pass_suspension,
    )
    from chantier_app.services.people.pass_corrections import (
        correct_pass as correct_pass,
    )
    from chantier_app.services.people.pass_corrections import (
        correct_pass_prolongation as correct_pass_prolongation,
    )
    from chantier_app.services.people.pass_corrections import (
        correct_pass_suspension as correct_pass_suspension,
    )
    from chantier_app.services.people.pass_iae import PassInput as PassInput
    from chantier_app.services.people.pass_iae import ProlongationInput as ProlongationInput
    from chantier_app.services.people.pass_iae import SuspensionInput as SuspensionInput
    from chantier_app.services.people.pass_iae import add_pass as add_pass
    from chantier_app.services.people.pass_iae import add_prolongation as add_prolongation
    from chantier_app.services.people.pass_iae import add_suspension as add_suspension
    from chantier_app.services.people.pass_iae import list_passes as list_passes
    from chantier_app.services.people.pass_iae import (
        prolongation_rules_input as prolongation_rules_input,
    )
    from chantier_app.services.people.pass_iae import (
        suggested_prolongation_start as suggested_prolongation_start,
    )
    from chantier_app.services.people.records import archive_person as archive_person
    from chantier_app.services.people.records import create_person as create_person
    from chantier_app.services.people.records import insert_checked as insert_checked
    from chantier_app.services.people.records import unarchive_person as unarchive_person
    from chantier_app.services.people.records import update_person as update_person
    from chantier_app.services.people.views import form_choices as form_choices
    from chantier_app.services.people.views import get_person as get_person
    from chantier_app.services.people.views import list_people as list_people
