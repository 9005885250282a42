"""Amendments and renewals cancelled are kept, never deleted: who, when, why on the row; their
number never drawn again; no reader (hours, grid, dashboard, documents) sees them; the
history and the right of access still do."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.services import contracts
from chantier_app.services.contracts import HoursChangeInput
from chantier_app.services.contracts.event_corrections import cancel_amendment
from chantier_app.services.contracts.renewal_corrections import cancel_renewal
from chantier_app.services.dashboard.first_screen import contract_terms
from chantier_app.services.history import record_history
from chantier_app.services.hours._contracts import load_contracts
from chantier_app.services.privacy import access_export
from tests.services.contracts.test_event_corrections import _hire, add_place
from tests.services.contracts.test_renewal_corrections import _renew
from tests.stale_records import refused_as_stale

D = dt.date
H = 60


def _rows(database) -> list[m.Amendment]:
    with database.reading() as session:
        rows = session.scalars(
            select(m.Amendment).order_by(m.Amendment.number),
            execution_options=including_cancelled(),
        ).all()
        session.expunge_all()
        return list(rows)


def test_a_cancelled_amendment_stays_and_its_number_is_never_drawn_again(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    first = ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H))
    ctx.run(cancel_amendment, first.id, "Avenant saisi sur le mauvais contrat")
    (kept,) = _rows(database)
    assert (kept.id, kept.number, kept.new_weekly_minutes) == (first.id, 1, 30 * H)
    assert kept.cancelled_at is not None and kept.cancelled_by_id == ctx.actor.staff_id
    assert kept.cancellation_reason == "Avenant saisi sur le mauvais contrat"
    with database.reading() as session:  # every ORM reader: gone
        assert session.scalars(select(m.Amendment)).all() == []
        assert session.get(m.Contract, contract_id).amendments == []

    # The next amendment is n° 2 (the unique number per contract counts the cancelled one).
    second = ctx.run(contracts.change_hours, HoursChangeInput(contract_id, D(2026, 3, 2), 28 * H))
    assert second.number == 2
    renewal_id = _renew(ctx, place, contract_id)
    view = ctx.run(cancel_renewal, renewal_id, "Renouvellement en double")
    assert [a.number for a in view.amendments] == [2]
    assert [(a.number, a.cancelled_at is not None) for a in _rows(database)] == [
        (1, True),
        (2, False),
        (3, True),
    ]
    again = _renew(ctx, place, contract_id)
    assert [a.number for a in _rows(database) if a.id == again] == [4]

    # The history reads each cancellation, what it removed, by whom and why.
    versions = ctx.read(record_history, place["person"])
    assert [(v.kind, v.action, v.reason) for v in versions] == [
        (RecordKind.AMENDMENT, VersionAction.CANCEL, "Renouvellement en double"),
        (RecordKind.AMENDMENT, VersionAction.CANCEL, "Avenant saisi sur le mauvais contrat"),
    ]
    assert all(v.after == () for v in versions)  # « Après : retiré du dossier »


def test_no_reader_of_hours_sees_a_cancelled_amendment(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H)
    )
    ctx.run(cancel_amendment, amendment.id)
    with database.reading() as session:
        (loaded,) = load_contracts(session, D(2026, 1, 1), D(2026, 6, 30))
        assert (loaded.terms.weekly_minutes, loaded.terms.changes) == (26 * H, ())
    # The first screen's plain SQL (read from the SQLite file only, before the models load)
    # says « cancelled_at IS NULL » itself.
    if database.is_sqlite:
        with database.engine.connect() as conn:
            (terms,) = contract_terms(conn.connection.driver_connection, "2026-01-01", "2026-06-30")
            assert (terms.weekly_minutes, terms.changes) == (26 * H, ())


def test_a_cancelled_amendment_is_in_the_right_of_access_export(ctx, database, tmp_path) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H)
    )
    ctx.run(cancel_amendment, amendment.id, "Saisi par erreur")
    result = ctx.run(access_export.export_person_data, place["person"], tmp_path)
    tables = json.loads(result.json_path.read_text(encoding="utf-8"))["tables"]
    (row,) = tables["amendment"]
    assert row["new_weekly_minutes"] == 30 * H
    assert row["cancellation_reason"] == "Saisi par erreur" and row["cancelled_at"]
    (version,) = tables["record_version"]
    assert version["reason"] == "Saisi par erreur"


def test_a_cancelled_amendment_is_cancelled_once(ctx, database) -> None:
    place = add_place(database)
    contract_id = _hire(ctx, place)
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract_id, D(2026, 2, 2), 30 * H)
    )
    ctx.run(cancel_amendment, amendment.id)
    # Cancelled, it is kept: cancelling it again (a dialog left open) is a stale edit.
    error = refused_as_stale(ctx, cancel_amendment, amendment.id)
    assert error.startswith("Modifié par ")
