"""Documents: the follow-up sheet (one, and a batch of 300) against LibreOffice converting the
same content, and the yearly report. Each ratio is measured side by side in the same run.

The application's batch is the Documents page's: each sheet prepared in its own
transaction (rights, data, audit line) then drawn, then the files written. LibreOffice
gets the same sheets as Writer documents (``fodt.py``) and converts them in one call
(``soffice --headless --convert-to pdf``), and one of them alone; both as whole processes,
which is what an association doing a mail merge waits for.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import Figure, median, timed, timed_cpu

BATCH = 300


def documents_available() -> bool:
    return importlib.util.find_spec("chantier_app.reports.follow_up") is not None


def people_for_sheets(ctx, today: dt.date, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """People under contract on ``today`` first (a team's batch), then the latest others."""
    from chantier_app.services.people import views as people_views

    rows = ctx.read(people_views.list_people, today=today)
    rows.sort(key=lambda r: (not r.status.active, -r.id))
    return [r.id for r in rows[:count]]


def follow_up(ctx, today: dt.date, person_ids: list[int], repeats: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    if not documents_available():
        note = "documents not merged (chantier_app/reports/follow_up.py is missing)"
        return [
            Figure("sheet_one", "Fiche de suivi : une fiche", None, "ms", note=note),
            Figure("sheet_batch", f"Fiche de suivi : lot de {BATCH}", None, "s", note=note),
        ]
    from chantier_app.services.documents import batch as documents_batch
    from chantier_app.services.documents import files as documents_files
    from chantier_app.services.documents import printing as documents
    from chantier_app.services.documents.printing import DocumentKind, DocumentRequest

    requests = [DocumentRequest(DocumentKind.FOLLOW_UP, person_id=p) for p in person_ids]

    def sheet(request: DocumentRequest):  # type: ignore[no-untyped-def]
        return documents.render(ctx.run(documents.prepare, request, today=today))

    sheet(requests[0])  # ReportLab and the fonts load once, on the first document
    singles = [timed(lambda r=r: sheet(r)) * 1000 for r in requests[:30]]
    batches = []
    out = Path(tempfile.mkdtemp(prefix="bench-sheets-"))

    # The first batch of a session starts the drawing processes; the next ones reuse them.
    pool = documents_batch.DrawingPool()

    def batch() -> None:  # what the Documents page does: make them all, write the files
        made = documents_batch.make_documents(ctx, requests, pool=pool, today=today)
        documents_files.write_folder(out, made)

    cpus = []
    try:
        out.mkdir(exist_ok=True)
        first, first_cpu = timed_cpu(batch)
        for _ in range(repeats):
            shutil.rmtree(out)
            out.mkdir()
            wall, cpu = timed_cpu(batch)
            batches.append(wall)
            cpus.append(cpu)
    finally:
        pool.close()
        shutil.rmtree(out, ignore_errors=True)
    per_sheet = median(batches) / len(person_ids) * 1000
    return [
        Figure("sheet_one", "Fiche de suivi : une fiche (données, dessin, journal)",
               median(singles), "ms", samples=singles),
        Figure("sheet_batch_first", f"Fiche de suivi : lot de {len(person_ids)}, le premier de "
               "la session (processus de dessin lancés)", first, "s", samples=[first]),
        Figure("sheet_batch_first_cpu", "Le premier lot : temps de calcul (tous processus)",
               first_cpu, "s", samples=[first_cpu]),
        Figure("sheet_batch", f"Fiche de suivi : lot de {len(person_ids)} fiches écrites "
               "(processus de dessin déjà lancés)", median(batches), "s", samples=batches),
        Figure("sheet_in_batch", "Fiche de suivi : par fiche dans le lot", per_sheet, "ms",
               "<= 7.5 ms", per_sheet <= 7.5,
               samples=[b / len(person_ids) * 1000 for b in batches]),
        Figure("sheet_in_batch_cpu", "Fiche de suivi : temps de calcul par fiche dans le lot "
               "(tous processus)", median(cpus) / len(person_ids) * 1000, "ms",
               samples=[c / len(person_ids) * 1000 for c in cpus]),
        Figure("sheet_batch_cpu", f"Fiche de suivi : lot de {len(person_ids)}, temps de calcul "
               "(tous processus)", median(cpus), "s", samples=cpus),
    ]  # fmt: skip


def sheets_as_writer(ctx, today: dt.date, person_ids: list[int], folder: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """The same sheets as Writer documents (read with the application's own gatherer)."""
    from bench.fodt import follow_up_fodt
    from chantier_app.services.documents import _follow_up as documents_follow_up

    paths = []
    with ctx.database.reading() as session:
        for person_id in person_ids:
            data = documents_follow_up.follow_up_data(
                session, person_id, encadrant=False, today=today
            )
            path = folder / f"fiche-{person_id}.fodt"
            path.write_text(follow_up_fodt(data), encoding="utf-8")
            paths.append(path)
    return paths


# LibreOffice silently stops after about 250 files given on one command line (7.4: 247
# here), so 300 documents take two calls; the same 300 sheets merged into one document
# (what a mail merge makes) take one.
PER_CALL = 150


def _soffice(files: list[Path], out: Path, profile: Path) -> None:
    for start in range(0, len(files), PER_CALL):
        subprocess.run(
            [
                "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                "--convert-to", "pdf", "--outdir", str(out),
                *map(str, files[start : start + PER_CALL]),
            ],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600,
        )  # fmt: skip
    missing = [f for f in files if not (out / f.with_suffix(".pdf").name).exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {len(missing)} document(s)")


def libreoffice(ctx, today: dt.date, person_ids: list[int], repeats: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    if shutil.which("soffice") is None:
        note = "LibreOffice is not installed (soffice)"
        return [Figure("lo_batch", "LibreOffice", None, "s", note=note)]
    if not documents_available():
        return []
    work = Path(tempfile.mkdtemp(prefix="bench-lo-"))
    try:
        profile, out = work / "profile", work / "pdf"
        files = sheets_as_writer(ctx, today, person_ids, work)
        merged = work / "fiches.fodt"
        merged.write_text(merged_fodt(files), encoding="utf-8")
        _soffice(files[:1], out, profile)  # first start: the profile is created
        ones, batches, mails, cpus = [], [], [], []
        for _ in range(repeats):
            shutil.rmtree(out, ignore_errors=True)
            ones.append(timed(lambda: _soffice(files[:1], out, profile)))
            shutil.rmtree(out, ignore_errors=True)
            wall, cpu = timed_cpu(lambda: _soffice(files, out, profile))
            batches.append(wall)
            cpus.append(cpu)
            mails.append(timed(lambda: _soffice([merged], out, profile)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        Figure("lo_one", "LibreOffice : une fiche convertie (processus complet)", median(ones),
               "s", samples=ones),
        Figure("lo_batch", f"LibreOffice : {len(files)} fiches (2 appels : ~250 fichiers au plus)",
               median(batches), "s", samples=batches),
        Figure("lo_batch_cpu", f"LibreOffice : {len(files)} fiches, temps de calcul",
               median(cpus), "s", samples=cpus),
        Figure("lo_merged", f"LibreOffice : les {len(files)} fiches en un document, un appel",
               median(mails), "s", samples=mails),
    ]  # fmt: skip


def ratios(figures: list[Figure]) -> list[Figure]:
    """LibreOffice against the application, from the figures measured side by side."""
    value = {f.key: f.value for f in figures}
    if value.get("lo_one") is None or value.get("sheet_one") is None:
        return []
    one = value["lo_one"] * 1000 / value["sheet_one"]
    batch = value["lo_batch"] / value["sheet_batch"]
    cpu = value["lo_batch_cpu"] / value["sheet_batch_cpu"]
    # The budget's comparison: the same 300 documents converted by LibreOffice (in as few
    # calls as it takes). One merged document, a mail merge's output, is shown beside it.
    return [
        Figure("lo_one_ratio", "Une fiche : LibreOffice / application", one, "x", ">= 20x",
               one >= 20),
        Figure("lo_batch_ratio", f"Lot de {BATCH} : LibreOffice ({BATCH} documents) / application",
               batch, "x", ">= 5x", batch >= 5),
        Figure("lo_batch_first_ratio", f"Lot de {BATCH}, le premier de la session : LibreOffice "
               "/ application", value["lo_batch"] / value["sheet_batch_first"], "x"),
        Figure("lo_cpu_ratio", f"Lot de {BATCH} : temps de calcul LibreOffice / application",
               cpu, "x", ">= 3x", cpu >= 3),
        Figure("lo_merged_ratio", f"Lot de {BATCH} : LibreOffice (un document fusionné) / application",
               value["lo_merged"] / value["sheet_batch"], "x"),
    ]  # fmt: skip


def merged_fodt(files: list[Path]) -> str:
    """The sheets one after the other in one Writer document, a page break between two."""
    from bench.fodt import HEAD, PAGE_BREAK, TAIL

    bodies = [f.read_text(encoding="utf-8")[len(HEAD) : -len(TAIL)] for f in files]
    return HEAD + PAGE_BREAK.join(bodies) + TAIL


def yearly_report(ctx, year: int, today: dt.date, repeats: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    if not documents_available():
        return [Figure("yearly", f"Bilan annuel {year}", None, "ms", note="documents not merged")]
    from chantier_app.services.documents import printing as documents
    from chantier_app.services.documents.printing import DocumentKind, DocumentRequest

    request = DocumentRequest(DocumentKind.YEARLY_REPORT, year=year)

    def report() -> None:
        documents.render(ctx.run(documents.prepare, request, today=today))

    measured = [timed_cpu(report) for _ in range(repeats)]
    times, cpus = [w * 1000 for w, _ in measured], [c * 1000 for _, c in measured]
    value, cpu = median(times), median(cpus)
    return [
        Figure("yearly", f"Bilan annuel {year} (chiffres et PDF) sur dix ans de données", value,
               "ms", "<= 250 ms", value <= 250, samples=times),
        Figure("yearly_cpu", f"Bilan annuel {year} : temps de calcul", cpu, "ms", "<= 250 ms",
               cpu <= 250, samples=cpus),
    ]  # fmt: skip
