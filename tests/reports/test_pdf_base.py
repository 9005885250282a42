"""What every document shares: header, page numbers, fonts, byte-identical output, checks."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from chantier_app.reports.contract import render_contract
from chantier_app.reports.errors import DocumentError
from chantier_app.reports.follow_up import render_follow_up
from tests.reports import samples
from tests.reports.pdf import flat, pages_text


def test_same_data_gives_the_same_bytes() -> None:
    first = render_follow_up(samples.follow_up_document())
    second = render_follow_up(samples.follow_up_document())
    assert first == second


def test_every_page_has_the_structure_header_and_page_x_of_y() -> None:
    pages = pages_text(render_contract(samples.contract_document()))
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        one_line = " ".join(page.split())
        assert "Les Ateliers de l'Écluse" in one_line
        assert "12 rue de l'Ourcq 75019 Paris" in one_line
        assert "SIRET : 732 829 320 00074" in one_line
        assert f"Page {number} sur 2" in one_line


def test_dejavu_is_embedded_and_draws_french_number_spacing() -> None:
    pdf = render_follow_up(samples.follow_up_document())
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in name for name in fonts)
    assert not any("Helvetica" in name for name in fonts)
    assert "Total 1 120 h 7 h" in flat(pdf)


def test_a_number_is_never_cut_at_its_thousands_separator() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from chantier_app.reports.base import FONT, styles
    from chantier_app.reports.base import text as paragraph

    number = "1\u202f234,5"
    room = stringWidth("1 234,5", FONT, 8) + 1  # the number fits, the unit does not
    cell = paragraph(f"{number} h", styles().cell)
    cell.wrap(room, 100)
    assert [words for _, words in cell.blPara.lines] == [["1\u00a0234,5"], ["h"]]


def test_pdf_metadata_names_the_document() -> None:
    reader = PdfReader(io.BytesIO(render_contract(samples.contract_document())))
    assert reader.metadata.title == "Contrat de travail — Élodie LEFÈVRE"
    assert reader.metadata.author == "Les Ateliers de l'Écluse"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"siret": None}, "SIRET"),
        ({"address_lines": ()}, "adresse"),
        ({"name": " "}, "nom"),
    ],
)
def test_incomplete_structure_settings_are_refused(change, named) -> None:
    structure = dataclasses.replace(samples.STRUCTURE, **change)
    with pytest.raises(DocumentError) as refused:
        render_follow_up(samples.follow_up_document(structure=structure))
    assert named in refused.value.message
    assert "Paramètres" in refused.value.message


def test_footer_shows_the_issue_date() -> None:
    assert "édité le 23/11/2026" in flat(render_follow_up(samples.follow_up_document()))


def test_documents_sharing_the_font_subset_keep_every_letter_of_each_name() -> None:
    # The fonts' subsets are made once per process and shared (issue 22): a name with
    # letters beyond French (ł, ñ, ş) must still print and extract, and the documents
    # around it must not change.
    french = samples.follow_up_document()
    foreign = samples.follow_up_document(
        person=dataclasses.replace(samples.PERSON, usage_name="Şahin-Łukasik", first_names="Iñès")
    )
    first = render_follow_up(french)
    other = render_follow_up(foreign)
    assert render_follow_up(french) == first
    assert "ŞAHIN-ŁUKASIK" in flat(other) and "Iñès" in flat(other)
    assert "Şahin" not in flat(first) and "Élodie" in flat(first) and "MÜLLER" in flat(first)


def test_a_paragraph_parsed_before_keeps_the_style_it_is_given() -> None:
    # Parsed markup is reused between documents (issue 22), keyed by text and style.
    from chantier_app.reports.base import markup, styles
    from chantier_app.reports.base import text as paragraph

    st = styles()
    plain, bold = paragraph("Observations", st.cell), paragraph("Observations", st.cell_bold)
    again = paragraph("Observations", st.cell)
    assert [f.fontName for f in plain.frags] == [f.fontName for f in again.frags]
    assert plain.frags[0].fontName != bold.frags[0].fontName
    marked = markup("<b>Le salarié</b> signe", st.cell)
    assert (
        [f.text for f in markup("<b>Le salarié</b> signe", st.cell).frags]
        == [f.text for f in marked.frags]
        == ["Le salarié", " signe"]
    )
