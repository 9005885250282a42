"""Spreadsheet files in and out: CSV (any common encoding and separator) and XLSX.

Reading gives rows of strings (dates from XLSX come as ``datetime.date``); writing makes
files Excel opens correctly in French (UTF-8 with BOM, « ; »). Cells that a spreadsheet
would run as a formula (« =cmd|… », « +… », « -… », « @… ») are neutralised on export.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import overload

from chantier_app.domain.errors import ValidationError
from chantier_app.i18n import tr

Cell = str | int | Decimal | dt.date | None
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_ROWS = 50_000


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Cell]]  # each row has len(headers) cells
    sheet_note: str | None = None  # which sheet of a workbook of several was read

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Read a .csv or .xlsx file: first row = headers. A French ValidationError if unreadable.
    ``sheet``: the workbook's sheet the user chose (None: the first)."""
    stream = stream_table(path, sheet=sheet)
    return Table(stream.headers, list(stream.rows), stream.sheet_note)


@dataclass(frozen=True)
class TableStream:
    headers: list[str]
    rows: Iterator[list[Cell]]  # each row has len(headers) cells
    sheet_note: str | None = None  # which sheet of a workbook of several was read


def stream_table(path: Path, *, sheet: str | None = None) -> TableStream:
    """``read_table`` a row at a time: the same headers, rows and French errors, the rows'
    raised as they come. A file of 50,000 rows is not held whole: as Python strings its
    cells take five times the file (issue 22)."""
    suffix = path.suffix.lower()
    note = None
    if suffix in (".xlsx", ".xlsm"):
        rows = _readable(path, _xlsx_rows(path, sheet))
        note = _sheet_note(path, sheet)
    elif suffix in (".csv", ".txt"):
        rows = _readable(path, _csv_rows(path))
    else:
        raise ValidationError(
            tr("Format de fichier non pris en charge : {suffix} (CSV ou XLSX attendu).").format(
                suffix=suffix or "?"
            ),
            field="file",
        )
    first = next(rows, None)
    if first is None:
        raise ValidationError(tr("Le fichier est vide."), field="file")
    headers = [str(h or "").strip() for h in first]
    return TableStream(headers, _body(rows, len(headers)), note)


def _readable(path: Path, rows: Iterator[Sequence[Cell]]) -> Iterator[Sequence[Cell]]:
    """The rows, what goes wrong reading them told in French."""
    try:
        yield from rows
    except ValidationError:
        raise
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        from chantier_app.environment import os_clause

        error = os_clause(exc) if isinstance(exc, OSError) else exc
        raise ValidationError(
            tr("Le fichier {name} n'a pas pu être lu : {error}").format(
                name=path.name, error=error
            ),
            field="file",
        ) from exc
    except Exception as exc:  # openpyxl raises assorted errors on damaged files
        raise ValidationError(
            tr("Le fichier {name} est endommagé ou n'est pas un classeur Excel.").format(
                name=path.name
            ),
            field="file",
        ) from exc


def _body(rows: Iterator[Sequence[Cell]], width: int) -> Iterator[list[Cell]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_IMPORT_ROWS:
            raise ValidationError(
                tr("Le fichier a plus de {n} lignes : découpez-le.").format(n=MAX_IMPORT_ROWS),
                field="file",
            )
        yield [(c.strip() if isinstance(c, str) else c) for c in [*row, *[None] * width][:width]]


def _encoding(path: Path) -> tuple[str, str]:
    """The codec and its error handling: UTF-16 (Excel's « Texte Unicode », with its BOM, or
    without one when every other byte is zero), UTF-8 (with or without BOM), else Excel's
    "CSV (séparateur: ;)" on Windows, cp1252. Checked by pieces, the file never held whole."""
    with path.open("rb") as file:
        start = file.read(4096)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "strict"
        if len(start) >= 2 and start[1::2].count(0) > len(start) // 4:
            return "utf-16-le", "strict"
        if len(start) >= 2 and start[0::2].count(0) > len(start) // 4:
            return "utf-16-be", "strict"
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", "strict"
        file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while piece := file.read(1 << 20):
                decoder.decode(piece)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252", "replace"
    return "utf-8", "strict"


def _csv_rows(path: Path) -> Iterator[list[str]]:
    encoding, errors = _encoding(path)
    # Lines as csv wants them (newline=""), decoded as they are read.
    with path.open(encoding=encoding, errors=errors, newline="") as head:
        first_line = next(iter(head.readline().splitlines()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    with path.open(encoding=encoding, errors=errors, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        for row in reader:
            if "\x00" in "".join(row):
                # Never dropped: « 1␀0 » read as « 10 » would be ten hours.
                raise ValidationError(
                    tr(
                        "Ligne {line} du fichier {name} : caractère nul (U+0000) dans une "
                        "cellule. Enregistrez le fichier en « CSV UTF-8 » et réessayez."
                    ).format(line=reader.line_num, name=path.name),
                    field="file",
                )
            if any(cell.strip() for cell in row):
                yield row


def _xlsx_rows(path: Path, name: str | None = None) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if name is not None and name not in workbook.sheetnames:
            raise ValidationError(
                tr("Le classeur {file} n'a pas de feuille « {name} ».").format(
                    file=path.name, name=name
                ),
                field="sheet",
            )
        sheet = workbook[name] if name is not None else workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            row = [_xlsx_cell(v) for v in values]
            if any(c not in (None, "") for c in row):
                yield row
    finally:
        workbook.close()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order ([] for a CSV file or a damaged workbook: reading
    its rows says why in French)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
        try:
            return list(workbook.sheetnames)
        finally:
            workbook.close()
    except Exception:  # openpyxl raises assorted errors on damaged files
        return []


def _sheet_note(path: Path, chosen: str | None = None) -> str | None:
    """A workbook of several sheets: which one is read (the first, or the one the user
    chose), and the others' names."""
    names = sheet_names(path)
    if len(names) < 2:
        return None
    if chosen is not None:
        return tr("Feuille lue : « {name} », choisie parmi les {n} feuilles du classeur.").format(
            name=chosen, n=len(names)
        )
    return tr(
        "Feuille lue : « {name} », la première des {n} feuilles du classeur (les autres, "
        "{others}, ne sont pas lues : placez les lignes à importer dans la première)."
    ).format(name=names[0], n=len(names), others=", ".join(f"« {o} »" for o in names[1:]))


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return str(value)


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: Cell) -> Cell: ...
def neutralise(value: Cell) -> Cell:
    """A text cell a spreadsheet would evaluate gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def export_format(path: Path) -> str:
    """« XLSX » or « CSV » after the file's suffix; a French ValidationError for any other."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(
            tr("Format d'export non pris en charge : {suffix} (XLSX ou CSV).").format(
                suffix=suffix or "?"
            ),
            field="file",
        )
    return suffix[1:].upper()


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_title: str = "Export",
) -> Path:
    """An .xlsx or a .csv file, after the file's suffix (see ``export_format``)."""
    if export_format(path) == "XLSX":
        return write_xlsx(path, headers, rows, sheet_title=sheet_title)
    return write_csv(path, headers, rows)


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Path:
    """Excel-friendly CSV: UTF-8 with BOM, « ; », French dates and decimal commas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_text(neutralise(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(neutralise(c)) for c in row])
    _atomic_write(path, buffer.getvalue().encode("utf-8-sig"))
    return path


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_title: str = "Export",
) -> Path:
    return write_xlsx_sheets(path, [(sheet_title, headers, rows)])


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Cell]]]  # title, headers, rows


def write_xlsx_sheets(path: Path, sheets: Sequence[Sheet]) -> Path:
    """One workbook, one sheet per (title, headers, rows): a file with several registers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(sheet, value=neutralise(_xlsx_text(h)))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            cells = []
            for value in row:
                value = neutralise(_xlsx_text(value))
                number_or_text = float(value) if isinstance(value, Decimal) else value
                # types-openpyxl narrows WriteOnlyCell's value to str | float | datetime; it
                # only wraps Cell(value=...), which takes a date too.
                cell = WriteOnlyCell(sheet, value=number_or_text)  # type: ignore[arg-type]
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _atomic_write(path, buffer.getvalue())
    return path


@overload
def _xlsx_text(value: str) -> str: ...
@overload
def _xlsx_text(value: Cell) -> Cell: ...
def _xlsx_text(value: Cell) -> Cell:
    """XLSX (XML) cannot hold control characters such as NUL: they are dropped."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _atomic_write(path: Path, data: bytes) -> None:
    """Write the whole file or nothing; a full disk or a read-only folder: StorageError."""
    import os

    from chantier_app.environment import storage_errors

    partial = path.with_name(path.name + ".part")
    with storage_errors():
        try:
            partial.write_bytes(data)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
