"""Printed documents: what can be printed, their data, single prints and batches, the association's texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chantier_app.services._exports import lazy_exports

# Use cases (they take the session and the actor, check rights, write the audit line) and
# the inputs they take; what they return, and helpers, are in their modules.
__all__, __getattr__ = lazy_exports(
    __name__,
    {
        "catalog": (
            "document_options",
            "person_documents",
            "team_follow_up_requests",
            "month_sign_in_requests",
            "all_teams",
            "find_teams",
        ),
        "printing": (
            "DocumentKind",
            "DocumentRequest",
            "prepare",
            "generate",
        ),
        "batch": (
            "make_documents",
            "prepare_one",
        ),
        "files": (
            "write_pdf",
            "write_folder",
            "merged",
        ),
        "legal_texts": ("prepare_texts_folder",),
        "path_report_print": (
            "path_report_document",
            "print_path_report",
        ),
        "control_file": ("control_file_data",),
        "control_export": (
            "control_pdf",
            "control_xlsx",
            "draw_file",
            "person_file_pdf",
        ),
        "frozen_reports": (
            "freeze_yearly_report",
            "list_frozen_reports",
            "frozen_report",
            "print_frozen_report",
            "withdraw_frozen_report",
        ),
    },
)

if TYPE_CHECKING:  # the same names, for the type checker (a test keeps them equal)
    from chantier_app.services.documents.batch import make_documents as make_documents
    from chantier_app.services.documents.batch import prepare_one as prepare_one
    from chantier_app.services.documents.catalog import all_teams as all_teams
    from chantier_app.services.documents.catalog import document_options as document_options
    from chantier_app.services.documents.catalog import find_teams as find_teams
    from chantier_app.services.documents.catalog import (
        month_sign_in_requests as month_sign_in_requests,
    )
    from chantier_app.services.documents.catalog import person_documents as person_documents
    from chantier_app.services.documents.catalog import (
        team_follow_up_requests as team_follow_up_requests,
    )
    from chantier_app.services.documents.control_export import control_pdf as control_pdf
    from chantier_app.services.documents.control_export import control_xlsx as control_xlsx
    from chantier_app.services.documents.control_export import draw_file as draw_file
    from chantier_app.services.documents.control_export import person_file_pdf as person_file_pdf
    from chantier_app.services.documents.control_file import control_file_data as control_file_data
    from chantier_app.services.documents.files import merged as merged
    from chantier_app.services.documents.files import write_folder as write_folder
    from chantier_app.services.documents.files import write_pdf as write_pdf
    from chantier_app.services.documents.frozen_reports import (
        freeze_yearly_report as freeze_yearly_report,
    )
    from chantier_app.services.documents.frozen_reports import frozen_report as frozen_report
    from chantier_app.services.documents.frozen_reports import (
        list_frozen_reports as list_frozen_reports,
    )
    from chantier_app.services.documents.frozen_reports import (
        print_frozen_report as print_frozen_report,
    )
    from chantier_app.services.documents.frozen_reports import (
        withdraw_frozen_report as withdraw_frozen_report,
    )
    from chantier_app.services.documents.legal_texts import (
        prepare_texts_folder as prepare_texts_folder,
    )
    from chantier_app.services.documents.path_report_print import (
        path_report_document as path_report_document,
    )
    from chantier_app.services.documents.path_report_print import (
        print_path_report as print_path_report,
    )
    from chantier_app.services.documents.printing import DocumentKind as DocumentKind
    from chantier_app.services.documents.printing import DocumentRequest as DocumentRequest
    from chantier_app.services.documents.printing import generate as generate
    from chantier_app.services.documents.printing import prepare as prepare
