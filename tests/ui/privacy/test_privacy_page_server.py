"""« Données personnelles » on a shared database: the server's tables an anonymisation could
not rewrite (``VACUUM FULL``) are named to the director after it, with what to do, and kept
in the trail without anything of the person."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.pool import NullPool

from chantier_app.db import models as m
from chantier_app.db import server_vacuum
from chantier_app.ui.privacy.page import PrivacyPage
from tests.services.privacy.test_anonymisation_trail import IDENTIFYING, _variants
from tests.services.retention_factory import former_employee

pytestmark = pytest.mark.postgres_only
LATER = dt.date(2031, 6, 1)  # past both of her retention dates


def _anonymise(qtbot, ctx, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Select her on the page, click « Anonymiser », answer « Oui »: the confirmation."""
    page = PrivacyPage(ctx, None, today=LATER)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.on_shown()
    names = [r.name for r in page.retention.rows()]
    page.retention_view.selectRow(names.index("QUATREBARBES Zéphyrine"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    done: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: done.append(text))
    qtbot.mouseClick(page.anonymise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    return done


def _trail(ctx, person_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.database.reading() as session:
        return [
            s or ""
            for s in session.scalars(
                sa.select(m.AuditEntry.summary).where(
                    m.AuditEntry.action == "anonymise",
                    m.AuditEntry.entity == "database",
                    m.AuditEntry.person_id == person_id,
                )
            )
        ]


def test_tables_another_office_kept_locked_are_named_with_what_to_do(
    qtbot, demo_ctx, monkeypatch
) -> None:
    # Another office reads the contracts in a transaction left open: its lock keeps the
    # rewrite of that table waiting past the lock timeout (shortened, as the wait for
    # older snapshots: the test need not last 20 s).
    monkeypatch.setattr(server_vacuum, "LOCK_TIMEOUT", "1s")
    monkeypatch.setattr(server_vacuum, "SNAPSHOTS_WAIT_S", 0.5)
    with demo_ctx.database.transaction() as session:
        former = former_employee(session, demo_ctx.actor)
    other = sa.create_engine(demo_ctx.database.url, poolclass=NullPool)
    office = other.connect()
    try:
        office.begin()
        office.exec_driver_sql("LOCK TABLE contract IN ACCESS SHARE MODE")
        done = _anonymise(qtbot, demo_ctx, monkeypatch)
    finally:
        office.rollback()
        office.close()
        other.dispose()
    text = done[0]
    assert text.startswith("C'est fait. Sauvegarde faite juste avant : chantier-")
    [line] = [x for x in text.splitlines() if x.startswith("Sur le serveur, ")]
    assert "n'ont pas pu être réécrites (une autre session utilisait l'une de ces tables " in line
    assert "au-delà de 1 s)" in line
    database = demo_ctx.database.url.split("?")[0].rsplit("/", 1)[1]
    assert f"dans la base {database} : VACUUM (FULL, ANALYZE) " in line
    tables = line.split("VACUUM (FULL, ANALYZE) ", 1)[1].rstrip(";").split(", ")
    assert {"contract", "person", "audit_entry"} <= set(tables)
    [trail] = _trail(demo_ctx, former)
    assert trail.startswith("réécriture incomplète sur le serveur après l'effacement : ")
    assert "contract" in trail and "VACUUM (FULL, ANALYZE)" in trail
    raw = trail.encode("utf-8")
    assert [k for k, v in IDENTIFYING.items() if any(f in raw for f in _variants(v))] == []
    # The anonymisation itself is done: her identity is gone from the live rows.
    with demo_ctx.database.reading() as session:
        person = session.get(m.Person, former)
        assert person is not None and person.nir is None and person.anonymised_at is not None


def test_every_table_rewritten_adds_no_line_and_no_warning(qtbot, demo_ctx, monkeypatch) -> None:
    with demo_ctx.database.transaction() as session:
        former = former_employee(session, demo_ctx.actor)
    done = _anonymise(qtbot, demo_ctx, monkeypatch)
    assert "Sur le serveur" not in done[0]
    assert _trail(demo_ctx, former) == []
