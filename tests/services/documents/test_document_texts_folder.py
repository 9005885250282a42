"""The association's own wording: texts copied into its data folder, edited, then printed."""

from __future__ import annotations

import pytest

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.services.context import Actor
from chantier_app.services.documents import batch as documents_batch
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.legal_texts import prepare_texts_folder
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.services.people import views as people_views
from tests.conftest import TODAY
from tests.reports.pdf import flat

OWN_NOTICE = "Fiche à rendre au bureau de l'accueil le vendredi."


def test_the_texts_are_copied_once_and_never_overwritten(app_paths) -> None:
    found = prepare_texts_folder(Actor.system(), app_paths)
    assert found.folder == app_paths.texts_dir
    assert set(found.copied) == {
        "contrat.md", "avenant.md", "attestation.md", "fiche_suivi.md",
        "README.md",  # how to write them: fields, flags, layout
    }  # fmt: skip
    edited = found.folder / "contrat.md"
    edited.write_text("# Mon contrat\n", encoding="utf-8")
    again = prepare_texts_folder(Actor.system(), app_paths)
    assert again.copied == () and edited.read_text(encoding="utf-8") == "# Mon contrat\n"
    with pytest.raises(PermissionDeniedError):
        prepare_texts_folder(Actor(None, "Camille", Role.CIP), app_paths)


def test_documents_print_the_edited_text_one_by_one_and_in_a_batch(
    demo_ctx, app_paths, monkeypatch
) -> None:
    folder = prepare_texts_folder(Actor.system(), app_paths).folder
    (folder / "fiche_suivi.md").write_text(f"## [sauf: encadrant]\n{OWN_NOTICE}\n", "utf-8")
    people = demo_ctx.read(people_views.list_people, today=TODAY)
    requests = [DocumentRequest(DocumentKind.FOLLOW_UP, person_id=p.id) for p in people][:26]
    texts = demo_ctx.paths.texts_dir
    one = demo_ctx.run(documents.generate, requests[0], today=TODAY, texts_dir=texts)
    assert OWN_NOTICE in flat(one.pdf) and "Document de travail interne" not in flat(one.pdf)
    monkeypatch.setattr(documents_batch.os, "cpu_count", lambda: 2)
    made = documents_batch.make_documents(demo_ctx, requests, today=TODAY)  # drawn by workers
    assert all(OWN_NOTICE in flat(d.pdf) for d in made)
    (folder / "fiche_suivi.md").unlink()  # back to the original text
    again = demo_ctx.run(documents.generate, requests[0], today=TODAY, texts_dir=texts)
    assert "Document de travail interne" in flat(again.pdf)
    shipped = demo_ctx.run(documents.generate, requests[0], today=TODAY)  # no folder given
    assert "Document de travail interne" in flat(shipped.pdf)
