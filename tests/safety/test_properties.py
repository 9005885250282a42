"""Property-based tests: any text (unicode, NUL, huge) is saved exactly or refused whole, any
file given to the import reader ends in a table or a French ValidationError, and no exported
cell can run as a formula."""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from safety_helpers import store_person

from chantier_app.db import models as m
from chantier_app.domain.errors import ValidationError
from chantier_app.services import audit
from chantier_app.services.context import AppContext
from chantier_app.services.tabular import read_table, write_csv, write_xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any unicode text, with NUL bytes and formula-like starts mixed in, and some huge ones.
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(lambda t: "\x00" + t + "\x00"),
    st.sampled_from(["=cmd|' /C calc'!A0", "+33 6 12", "-2+3", "@SUM(A1)", "\t=1", " ", ""]),
    st.tuples(st.characters(codec="utf-8"), st.integers(100_000, 2_000_000)).map(
        lambda c: c[0] * c[1]
    ),
)


def _csv_lines(path: Path) -> list[list[str]]:
    """The cells exactly as written (bytes decoded without newline translation)."""
    text = path.read_bytes().decode("utf-8-sig")
    limit = csv.field_size_limit(10_000_000)  # huge cells; the import keeps its own limit
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    finally:
        csv.field_size_limit(limit)


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return sum(
            conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        )


@SETTINGS
@given(name=texts, first=texts, notes=st.one_of(st.none(), texts))
def test_free_text_is_saved_exactly_or_refused_whole(
    ctx: AppContext, name: str, first: str, notes: str | None
) -> None:
    assert ctx.paths is not None
    before = _rows(ctx.paths.db_path)
    number = _rows(ctx.paths.db_path)  # unique enough for the PASS number
    try:
        person_id = ctx.run(store_person, number, usage_name=name, first_names=first, notes=notes)
    except ValidationError as refused:
        assert not name.strip()
        assert "obligatoire" in refused.message
        assert _rows(ctx.paths.db_path) == before  # nothing half-written
        return
    with ctx.database.reading() as session:
        person = session.get(m.Person, person_id)
        assert person is not None
        assert (person.usage_name, person.first_names, person.notes) == (name, first, notes)
        assert [c.proof for c in person.diagnoses[0].criteria] == [notes] * 3


@SETTINGS
@given(summary=texts)
def test_audit_summaries_of_any_text_export_without_formulas(
    ctx: AppContext, tmp_path_factory: pytest.TempPathFactory, summary: str
) -> None:
    ctx.run(lambda s, a: audit.record(s, a, audit.Action.UPDATE, "person", 1, summary=summary))
    rows = ctx.read(audit.list_entries).rows
    assert rows[0].summary == summary
    path = tmp_path_factory.mktemp("export") / "journal.csv"
    ctx.run(audit.export_csv, rows[:1], path)
    lines = _csv_lines(path)
    assert len(lines) == 2
    exported = lines[1][7]
    assert not exported.startswith(FORMULA_STARTS)
    assert exported == ("'" + summary if summary.startswith(FORMULA_STARTS) else summary)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".xlsm"]))
def test_reading_any_bytes_gives_a_table_or_a_french_message(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("import") / f"fichier{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except ValidationError as refused:
        assert refused.violations and refused.violations[0].field == "file"
        return
    assert all(len(row) == len(table.headers) for row in table.rows)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_reading_any_csv_text_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    for encoding in ("utf-8", "utf-8-sig", "cp1252"):
        path = folder / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        with contextlib.suppress(ValidationError):
            read_table(path)


cells = st.one_of(st.none(), st.integers(-(10**9), 10**9), texts.filter(lambda t: len(t) < 50_000))


@settings(max_examples=80, deadline=None)
@given(
    headers=st.lists(texts.filter(lambda t: len(t) < 1000), min_size=1, max_size=4), data=st.data()
)
def test_exports_never_hold_a_formula(
    tmp_path_factory: pytest.TempPathFactory, headers: list[str], data: st.DataObject
) -> None:
    rows = data.draw(
        st.lists(st.lists(cells, min_size=len(headers), max_size=len(headers)), max_size=5)
    )
    folder = tmp_path_factory.mktemp("export")
    write_csv(folder / "x.csv", headers, rows)
    lines = _csv_lines(folder / "x.csv")
    assert len(lines) == len(rows) + 1
    for original, written in zip([headers, *rows], lines, strict=True):
        for value, text in zip(original, written, strict=True):
            if isinstance(value, str):
                assert text == ("'" + value if value.startswith(FORMULA_STARTS) else value)
    write_xlsx(folder / "x.xlsx", headers, rows)
    sheet = load_workbook(folder / "x.xlsx").active
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(("=", "+", "-", "@"))
    assert sorted(p.name for p in folder.iterdir()) == ["x.csv", "x.xlsx"]  # no partial file


# Cells an import file may hold: plausible values, near misses and any text.
cells = st.one_of(
    st.sampled_from(["Mme", "M.", "Madame", "monsieur", "X", ""]),
    st.sampled_from(["Diallo", "N'Diaye", "Lefèvre-Martin", "ĐINH", "  ", "=1+1"]),
    st.sampled_from(["03/02/1985", "1985-02-03", "31/02/1985", "03/02/2030", "3.2.85", "hier"]),
    st.sampled_from(["2 85 02 75 111 111 11", "185027511111111", "1234", "x" * 15]),
    st.sampled_from(["75019", "7501", "97400", "ABCDE"]),
    texts,
)
valid_rows = st.tuples(
    st.sampled_from(["Mme", "M."]),
    st.sampled_from(["Diallo", "Lefèvre", "Nguyen", "Çelik"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéè", min_size=3, max_size=12),
    st.sampled_from(["03/02/1985", "17/05/1990", "29/02/1980"]),
).map(lambda v: [v[0], v[1], v[2].capitalize(), v[3], "", "Autre raison", "75019", "", "", ""])
import_rows = st.lists(
    st.one_of(valid_rows, st.lists(cells, min_size=0, max_size=10)), min_size=1, max_size=6
)
IMPORT_HEADERS = [
    "Civilité", "Nom", "Prénom", "Date de naissance", "NIR", "Motif d'absence du NIR",
    "Code postal", "Téléphone", "Orienteur", "Notes",
]  # fmt: skip


@SETTINGS
@given(rows=import_rows, skip_invalid=st.booleans())
def test_importing_any_people_file_saves_whole_rows_or_nothing(
    ctx: AppContext, tmp_path_factory: pytest.TempPathFactory, rows, skip_invalid: bool
) -> None:
    """Whatever the file holds: a French refusal and the database unchanged, or exactly the
    rows said valid created (one transaction), never a crash."""
    from chantier_app.services.people import imports as people_io

    assert ctx.paths is not None
    path = tmp_path_factory.mktemp("import") / "salaries.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(IMPORT_HEADERS)
        writer.writerows(row[: len(IMPORT_HEADERS)] for row in rows)
    people = "SELECT count(*) FROM person"
    with sqlite3.connect(ctx.paths.db_path) as conn:
        before, rows_before = conn.execute(people).fetchone()[0], _rows(ctx.paths.db_path)
    try:
        result = ctx.run(people_io.import_people, path, skip_invalid=skip_invalid)
    except ValidationError as refused:
        assert refused.message.strip() and "Traceback" not in refused.message
        assert _rows(ctx.paths.db_path) == rows_before  # nothing half-written
        return
    with sqlite3.connect(ctx.paths.db_path) as conn:
        after = conn.execute(people).fetchone()[0]
    assert after - before == result.created > 0
    assert skip_invalid or result.skipped == 0
    event("imported")  # the saving path is reached, not only the refusals
