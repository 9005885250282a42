"""Legal texts are editable files: conditions, placeholders, blocks, and clear errors."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from chantier_app.paths import resource_path
from chantier_app.reports import legal
from chantier_app.reports.errors import DocumentError

SAMPLE = """<!-- note pour les rédacteurs -->
# Titre pour {nom}

Préambule pour **{nom}**.

## Toujours
Texte commun.

## Formation [si: qualifiant]
Diplôme : {diplome}.

## Sans formation [sauf: qualifiant]
- premier point
- second point

## [si: activites]
Activités : {activites}.
##
[tableaux]
Fin.
"""


def _texts(flowables) -> list[str]:
    found = []
    for flowable in flowables:
        parts = getattr(flowable, "_content", [flowable])
        found += [p.getPlainText() for p in parts if isinstance(p, Paragraph)]
    return found


def _render(flags, values=None, inserts=None):
    text = legal.parse("essai.md", SAMPLE)
    values = values or {"nom": "Élodie & Cie", "diplome": "CAP", "activites": "cuisine"}
    return _texts(legal.flowables(text, values, flags, inserts=inserts or {"tableaux": []}))


def test_title_and_values_are_filled_and_escaped() -> None:
    text = legal.parse("essai.md", SAMPLE)
    assert legal.title_of(text, {"nom": "Élodie & Cie"}, "") == "Titre pour Élodie & Cie"
    rendered = _render(set())
    assert "Préambule pour Élodie & Cie." in rendered
    assert not any("note pour les rédacteurs" in t for t in rendered)


def test_articles_are_numbered_and_conditions_apply() -> None:
    with_training = _render({"qualifiant"})
    assert "Article 2 – Formation" in with_training
    assert "Diplôme : CAP." in with_training
    assert not any("Sans formation" in t for t in with_training)
    without = _render(set())
    assert "Article 2 – Sans formation" in without
    assert "premier point" in without
    assert not any("Diplôme" in t for t in without)


def test_a_headless_conditional_passage_ends_at_a_bare_heading() -> None:
    assert "Activités : cuisine." in _render({"activites"})
    rendered = _render(set())
    assert not any("Activités" in t for t in rendered)
    assert "Fin." in rendered


def test_unknown_placeholder_names_the_file_and_the_field() -> None:
    with pytest.raises(DocumentError) as refused:
        _render({"activites"}, values={"nom": "x", "diplome": "y"})
    assert "essai.md" in refused.value.message
    assert "{activites}" in refused.value.message


def test_unknown_block_is_an_error() -> None:
    text = legal.parse("essai.md", SAMPLE)
    with pytest.raises(DocumentError, match=r"\[tableaux\]"):
        legal.flowables(text, {"nom": "", "diplome": "", "activites": ""}, set())


def test_missing_file_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match="introuvable"):
        legal.load("absent.md", None)


@pytest.mark.parametrize("name", ["contrat.md", "avenant.md", "attestation.md", "fiche_suivi.md"])
def test_shipped_texts_parse(name: str) -> None:
    parsed = legal.load(name, None)
    assert parsed.sections
    assert resource_path("legal", name).read_text(encoding="utf-8").strip()


def test_an_edited_text_prints_at_the_next_document(tmp_path, monkeypatch) -> None:
    """The texts are the staff's to edit (README.md): read again when the file changes."""
    import os

    from chantier_app.reports import legal as legal_module

    folder = tmp_path / "legal"
    folder.mkdir()
    text = folder / "essai.md"
    text.write_text("# Titre\n\n## Article\nPremière version.\n", encoding="utf-8")
    monkeypatch.setattr(legal_module, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    assert "Première version." in str(legal_module.load("essai.md", None))
    text.write_text("# Titre\n\n## Article\nSeconde version, plus longue.\n", encoding="utf-8")
    os.utime(text, ns=(1, 2_000_000_000_000_000_000))
    assert "Seconde version, plus longue." in str(legal_module.load("essai.md", None))
