"""Declarative base: naming convention (for batch migrations) and the type map."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(TypeDecorator[Decimal]):
    """An exact decimal stored as text: SQLite has no exact numeric type."""

    impl = sa.String(24)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: sa.Dialect) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def _enum_values(enum_cls: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in enum_cls]


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    # Code lists are stored by their official code, as plain strings: adding a
    # code later needs no migration and PostgreSQL gets no native ENUM type.
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        enum.Enum: sa.Enum(
            enum.Enum,
            native_enum=False,
            create_constraint=False,
            length=40,
            values_callable=_enum_values,
        ),
        str: sa.String(200),
        Decimal: DecimalText(),
        dt.datetime: sa.DateTime(),
    }


def now() -> dt.datetime:
    """Local wall-clock time, second precision: what the users read in the audit trail."""
    return dt.datetime.now().replace(microsecond=0)


class Timestamped:
    """Creation and last-change times, kept on every business record."""

    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)


class Versioned:
    """A record several people may edit at once (several offices on one server): each
    UPDATE checks and increments ``version`` (SQLAlchemy's ``version_id_col``), so an edit
    made from a stale copy matches no row and is refused instead of overwriting the other
    one's (``services/_concurrency.py`` says who changed it and when)."""

    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
