"""A database error's text names the statement, never the values: it may reach the log."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m


def test_a_refused_row_does_not_print_its_values(database) -> None:
    row = m.AuditEntry(
        at=dt.datetime(2026, 11, 23, 9, 0),
        staff_id=999,  # no such staff member: the foreign key refuses the row
        staff_name="Élodie LEFÈVRE",
        action="update",
        entity="person",
        summary="NIR 2 85 03 25 108 015 48",
    )
    with pytest.raises(sa.exc.IntegrityError) as raised, database.transaction() as session:
        session.add(row)
    message = str(raised.value)
    # SQLite says « FOREIGN KEY constraint failed », PostgreSQL « … foreign key constraint ».
    assert "foreign key" in message.lower() and "audit_entry" in message
    assert "LEFÈVRE" not in message and "108 015" not in message
