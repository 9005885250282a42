"""Alembic environment: batch mode for SQLite, the models' metadata as the target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa
from alembic import context

import chantier_app.db.models  # noqa: F401  (fills Base.metadata)
from chantier_app.db.base import Base, DecimalText
from chantier_app.db.engine import Database

if TYPE_CHECKING:
    from alembic.autogenerate.api import AutogenContext

config = context.config
target_metadata = Base.metadata


# Code lists and decimals are plain strings in the database: migrations say so, and a
# new code in a list is not a schema change.
_STRING_LENGTHS = {sa.Enum: 40, DecimalText: 24}


def _as_string_length(type_: Any) -> int | None:
    for cls, length in _STRING_LENGTHS.items():
        if isinstance(type_, cls):
            return length
    return None


def _render_item(kind: str, obj: Any, _autogen_context: AutogenContext) -> str | Literal[False]:
    if kind == "type" and (length := _as_string_length(obj)) is not None:
        return f"sa.String(length={length})"
    return False


def _compare_type(
    _ctx: Any, _inspected_col: Any, _meta_col: Any, inspected: Any, meta: Any
) -> bool | None:
    if (length := _as_string_length(meta)) is not None:
        return not (isinstance(inspected, sa.String) and inspected.length == length)
    return None  # default comparison


def _configure(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=_compare_type,
        render_item=_render_item,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        # The caller (db.migrate) owns the connection and its transaction.
        _configure(connection)
        context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("sqlalchemy.url manquant (alembic -x ou alembic.ini)")
    database = Database(url, foreign_keys=False)
    with database.engine.begin() as conn:
        _configure(conn)
        context.run_migrations()
    database.dispose()


if context.is_offline_mode():
    raise SystemExit("Les migrations hors ligne ne sont pas prises en charge.")
run_migrations_online()
