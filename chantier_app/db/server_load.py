"""A SQLite folder's rows onto an empty server database, checked table by table.

The reverse of ``server_copy`` (a server's rows into a SQLite file), through its copying
loop (``copy_rows``: parents before children, primary-key order). Each table is then read
again on both sides and summed: its row count and a SHA-256 over its rows in primary-key
order, every value written as the same text whichever engine returned it (SQLite keeps
dates as text and booleans as integers, PostgreSQL has its own types: SQLAlchemy's column
types give back the same Python values, which are written out here), in the order
``server_copy.ordered`` reads them on either engine.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from chantier_app.db.server_copy import STREAMED, ordered, tables

if TYPE_CHECKING:
    import sqlalchemy as sa

# Two copies at once onto the same server would each see it empty: the second one waits.
_COPY_LOCK_KEY = 0x63686E74  # any constant the application alone uses (« chnt »)


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str


def tables_with_rows(conn: sa.Connection) -> list[str]:
    """The application's tables that already hold a row (empty list: an empty database)."""
    import sqlalchemy as sa

    return [
        table.name
        for table in tables()
        if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None
    ]


def lock_for_copy(conn: sa.Connection) -> None:
    """Held until the transaction ends (PostgreSQL's transaction-level advisory lock)."""
    import sqlalchemy as sa

    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _COPY_LOCK_KEY})


def reset_sequences(conn: sa.Connection) -> None:
    """Each identity/serial key's sequence set past the largest id copied: rows inserted
    with explicit ids leave the sequences at 1, and the next hire would collide."""
    import sqlalchemy as sa

    quote = conn.dialect.identifier_preparer.quote
    for table in tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            sequence = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": quote(table.name), "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            largest = conn.execute(sa.select(sa.func.max(column))).scalar()
            # setval(…, 1, false): the next value is 1 again (an empty table).
            conn.execute(
                sa.text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": largest or 1, "called": largest is not None},
            )


def _text(value: object) -> str | None:
    """One value as the same text whichever engine returned it."""
    if value is None:
        return None
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _text(value.value)
    if isinstance(value, Decimal):
        # 1.50 and 1.5 are the same amount; « f »: no exponent (1E+2 is 100).
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def table_sums(conn: sa.Connection) -> dict[str, TableSum]:
    """Per table, its row count and the SHA-256 of its rows in primary-key order."""
    sums: dict[str, TableSum] = {}
    for table in tables():
        digest = hashlib.sha256()
        count = 0
        result = conn.execute(ordered(table, conn), execution_options=STREAMED)
        for rows in result.partitions():
            for row in rows:
                line = json.dumps([_text(v) for v in row], ensure_ascii=False)
                digest.update(line.encode("utf-8") + b"\n")
                count += 1
        sums[table.name] = TableSum(count, digest.hexdigest())
    return sums
