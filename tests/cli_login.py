"""Logging in on the command line as a scheduled task does: the password on standard input."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.structure.accounts import hash_password

PASSWORD = "Ecluse-Canal-2026"


def give_login(database: Database, role: Role, login: str, password: str = PASSWORD) -> int:
    """The first staff member of ``role`` gets ``login`` and ``password``; their id."""
    with database.transaction() as session:
        staff = session.scalars(select(m.Staff).where(m.Staff.role == role).limit(1)).one()
        staff.login = login
        staff.password_hash = hash_password(password)
        staff.must_change_password = False
        return staff.id


def login_args(login: str) -> list[str]:
    return ["--utilisateur", login, "--mot-de-passe-stdin"]


def feed_password(monkeypatch: pytest.MonkeyPatch, password: str, *, times: int = 20) -> None:
    """Standard input holding ``password`` once per line, for ``times`` commands in a row."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{password}\n" * times))
