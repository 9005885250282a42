"""Printed documents: what can be printed, their data, single prints and batches, the association's texts."""

from __future__ import annotations

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
    },
)
