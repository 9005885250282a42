"""Spreadsheet files: every common CSV flavour in, Excel-friendly files out, formulas neutralised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from chantier_app.domain.errors import ValidationError
from chantier_app.services.tabular import read_table, write_csv, write_table, write_xlsx


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-8", ";"), ("utf-8", ","), ("cp1252", ";")],
)
def test_csv_flavours(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "salaries.csv"
    text = f"Nom{delimiter}Prénom{delimiter}Naissance\r\nLefèvre{delimiter}Élodie{delimiter}05/03/1990\r\n"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.headers == ["Nom", "Prénom", "Naissance"]
    assert table.records() == [{"Nom": "Lefèvre", "Prénom": "Élodie", "Naissance": "05/03/1990"}]


def test_short_rows_are_padded_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("A;B;C\n1;2\n\n;;\n4;5;6;7\n", encoding="utf-8")
    assert read_table(path).rows == [["1", "2", None], ["4", "5", "6"]]


def test_xlsx_round_trip_keeps_dates_and_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "x.xlsx",
        ["Nom", "Date", "Heures"],
        [["Doré", dt.date(2026, 1, 31), Decimal("7.5")]],
    )
    table = read_table(path)
    assert table.rows == [["Doré", dt.date(2026, 1, 31), Decimal("7.5")]]


def test_formulas_are_neutralised_in_both_formats(tmp_path: Path) -> None:
    evil = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]
    write_csv(tmp_path / "x.csv", ["Nom"], [[v] for v in evil])
    lines = (tmp_path / "x.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert all(line.startswith(("'", "\"'")) for line in lines[1:])
    write_xlsx(tmp_path / "x.xlsx", ["Nom"], [[v] for v in evil])
    sheet = load_workbook(tmp_path / "x.xlsx").active
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert values == ["'" + v for v in evil]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))


def test_csv_export_is_excel_friendly(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "x.csv", ["Nom", "Début", "ETP"], [["Zoé", dt.date(2026, 2, 1), Decimal("0.75")]]
    )
    data = (tmp_path / "x.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Zoé;01/02/2026;0,75" in data.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.csv", b"", "vide"),
        ("x.pdf", b"%PDF", "non pris en charge"),
        ("faux.xlsx", b"ceci n'est pas un classeur", "endommagé"),
    ],
)
def test_unreadable_files_give_a_french_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        read_table(path)


def test_xlsx_written_by_excel_is_read(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Heures"])
    sheet.append(["Müller", 151.5])
    workbook.save(tmp_path / "paie.xlsx")
    assert read_table(tmp_path / "paie.xlsx").rows == [["Müller", Decimal("151.5")]]


def test_exports_follow_the_file_suffix(tmp_path: Path) -> None:
    rows = [["Lefèvre", dt.date(1990, 3, 5)]]
    for name in ("liste.xlsx", "liste.CSV"):
        written = write_table(tmp_path / name, ["Nom", "Naissance"], rows, sheet_title="Salariés")
        assert read_table(written).records() == [
            {"Nom": "Lefèvre", "Naissance": dt.date(1990, 3, 5) if "xlsx" in name else "05/03/1990"}
        ]
    with pytest.raises(ValidationError, match=r"Format d'export non pris en charge : \.pdf"):
        write_table(tmp_path / "liste.pdf", ["Nom"], [])
    assert not (tmp_path / "liste.pdf").exists()


def test_csv_line_endings_and_quoted_breaks(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    data = 'Nom;Adresse\r"Lefèvre";"12 rue des Lilas\r\nBât. B"\r;\rDiallo;Paris\r'
    path.write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))
    table = read_table(path)
    assert table.headers == ["Nom", "Adresse"]
    assert table.rows == [["Lefèvre", "12 rue des Lilas\r\nBât. B"], ["Diallo", "Paris"]]


def test_a_nul_byte_is_refused_not_dropped(tmp_path: Path) -> None:
    """« 1␀0 » read as « 10 » would have been ten hours (issue 23, point 11)."""
    path = tmp_path / "heures.csv"
    path.write_bytes(b"Nom;Heures\r\nDurand;35\r\nMartin;1\x000\r\n")
    with pytest.raises(ValidationError, match=r"Ligne 3 du fichier heures\.csv : caractère nul"):
        read_table(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_read(tmp_path: Path, encoding: str) -> None:
    """Excel's « Texte Unicode » is UTF-16 with tabs; it was refused as « Colonnes
    obligatoires absentes » (issue 23, point 11)."""
    path = tmp_path / "salaries.txt"
    path.write_bytes("Nom\tPrénom\r\nLefèvre\tÉlodie\r\n".encode(encoding))
    assert read_table(path).records() == [{"Nom": "Lefèvre", "Prénom": "Élodie"}]


def test_a_large_utf8_file_is_not_mistaken_for_cp1252(tmp_path: Path) -> None:
    # The encoding is checked by pieces of 1 MiB: a letter cut by a piece's end is still UTF-8.
    head = "Nom\n" + ("a" * 99 + "\n") * 10_000
    text = head + "b" * ((1 << 20) - 1 - len(head)) + "é\nÉlodie\n"
    path = tmp_path / "gros.csv"
    path.write_bytes(text.encode())
    assert path.read_bytes()[(1 << 20) - 1 : (1 << 20) + 1] == "é".encode()
    rows = read_table(path).rows
    assert rows[-2][0].endswith("bé") and rows[-1] == ["Élodie"]
