"""Many rows written by one statement, handed to SQLite's driver by position.

SQLAlchemy's executemany builds and processes each row's parameters one by one (a grid's
save: 329 month rows and their 329 audit lines, about 1.4 ms of CPU each batch). On a
driver taking ``?`` parameters (SQLite, SQLCipher) the statement is compiled once per
dialect and the rows go as tuples, each parameter through its type's own bind processor,
each distinct value once (the save's date-time, a boolean); other drivers keep
SQLAlchemy's path (``positional`` answers None).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

Keys = tuple[tuple[str, Callable[[Any], Any] | None], ...]  # parameter, its bind processor


def positional(
    session: Session, statement: sa.Executable, keys: Sequence[str]
) -> tuple[str, Keys] | None:
    """``statement`` as SQLite's driver takes it, for parameters named ``keys``, with the
    parameters' order and processors; None for a driver that takes named parameters."""
    dialect = session.get_bind().dialect
    if dialect.paramstyle != "qmark":
        return None
    return _compiled(statement, tuple(keys), dialect)


@lru_cache(maxsize=32)
def _compiled(
    statement: sa.Executable, keys: tuple[str, ...], dialect: sa.Dialect
) -> tuple[str, Keys]:
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
    assert compiled.positiontup is not None  # a positional paramstyle (qmark)
    order = tuple(
        (key, compiled.binds[key].type.dialect_impl(dialect).bind_processor(dialect))
        for key in compiled.positiontup
    )
    return compiled.string, order


def rows(keys: Keys, params: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each row's parameters in ``keys``' order, processed (each distinct value once)."""
    by_position = itemgetter(*(key for key, _process in keys))
    found = [list(by_position(p)) for p in params]
    for position, (_key, process) in enumerate(keys):
        if process is not None:
            done: dict[Any, Any] = {}
            for values in found:
                value = values[position]
                if value not in done:
                    done[value] = process(value)
                values[position] = done[value]
    return [tuple(values) for values in found]  # SQLAlchemy hands on tuples, not lists
