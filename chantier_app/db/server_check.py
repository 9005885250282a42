"""``chantier check`` on a shared database: the server's equivalents of SQLite's
``integrity_check`` and ``foreign_key_check``, read only.

A server has no file to check page by page from a PC; what can go wrong is checked with
what PostgreSQL offers a role that owns its tables:

* every row of every table read (a damaged page is an error there, ``invalid page in
  block``; with data checksums on, a page whose checksum fails too), and the server's own
  count of checksum failures for this database (``pg_stat_database.checksum_failures``);
* the schema the models expect: every table and column there;
* the links between records: the foreign keys hold (the server enforces them, but a
  restore by hand with triggers disabled, ``session_replication_role = replica``, does
  not), the constraints are all validated (none added ``NOT VALID``), no index is left
  invalid by an interrupted ``CREATE INDEX CONCURRENTLY``;
* the indexes' structure with ``amcheck``'s ``bt_index_check`` when the administrator
  installed that extension (a note otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chantier_app.db.engine import Database
from chantier_app.i18n import tr

if TYPE_CHECKING:
    import sqlalchemy as sa

MAX_LINES = 20  # as SQLite's check: the first problems, not thousands of lines
LINKS_PER_KEY = 5  # a deleted parent breaks many links: each foreign key says a few


@dataclass
class ServerCheck:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts that are not damage

    @property
    def ok(self) -> bool:
        return not self.problems


def check_server(database: Database, *, at_head: bool = True) -> ServerCheck:
    """Read-only checks of the server's database (see the module); ``at_head``: its schema
    is this version's, so every table and column of the models must be there."""
    import sqlalchemy as sa

    report = ServerCheck()
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("SET default_transaction_read_only = on")
        present = _check_schema(conn, report if at_head else ServerCheck())
        _check_server_state(conn, report)
        _check_indexes(conn, report)
        for table in _tables():
            if table.name not in present:
                continue
            try:
                conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            except sa.exc.DBAPIError as exc:
                report.problems.append(
                    tr(
                        "Intégrité : la table {table} ne peut pas être lue entièrement : {error}"
                    ).format(table=table.name, error=_first_line(exc))
                )
                continue
            _check_links(conn, table, present, report)
    del report.problems[MAX_LINES:]
    return report


def _tables() -> list[sa.Table]:
    from chantier_app.db.server_copy import tables

    return tables()


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _check_schema(conn: sa.Connection, report: ServerCheck) -> dict[str, set[str]]:
    """The tables and columns present; each one the models have and the server lacks."""
    import sqlalchemy as sa

    inspector = sa.inspect(conn)
    present = {
        name: {c["name"] for c in inspector.get_columns(name)}
        for name in inspector.get_table_names()
    }
    for table in _tables():
        if table.name not in present:
            report.problems.append(
                tr("Schéma : la table {table} est absente.").format(table=table.name)
            )
            continue
        for column in table.columns:
            if column.name not in present[table.name]:
                report.problems.append(
                    tr("Schéma : la colonne {table}.{column} est absente.").format(
                        table=table.name, column=column.name
                    )
                )
    return present


def _check_links(
    conn: sa.Connection, table: sa.Table, present: dict[str, set[str]], report: ServerCheck
) -> None:
    """SQLite's ``foreign_key_check``: the rows whose link points to no record."""
    import sqlalchemy as sa

    for constraint in table.foreign_key_constraints:
        parent = constraint.referred_table
        columns = list(constraint.columns)
        if parent.name not in present or any(c.name not in present[table.name] for c in columns):
            continue
        pairs = [(c, e.column) for c, e in zip(columns, constraint.elements, strict=True)]
        child = table.alias("child")
        target = parent.alias("parent")
        linked = sa.and_(*(target.c[p.name] == child.c[c.name] for c, p in pairs))
        keys = [child.c[k.name] for k in table.primary_key.columns]
        query = (
            sa.select(*keys)
            .where(*(child.c[c.name].is_not(None) for c, _p in pairs))
            .where(~sa.exists().where(linked))
            .limit(LINKS_PER_KEY)
        )
        for row in conn.execute(query):
            report.problems.append(
                tr("Lien rompu : {table} n° {rowid} pointe vers {parent} absent.").format(
                    table=table.name, rowid="/".join(str(v) for v in row), parent=parent.name
                )
            )


def _check_server_state(conn: sa.Connection, report: ServerCheck) -> None:
    import sqlalchemy as sa

    failures = conn.execute(
        sa.text(
            "SELECT coalesce(checksum_failures, 0) FROM pg_stat_database "
            "WHERE datname = current_database()"
        )
    ).scalar()
    if failures:
        report.problems.append(
            tr(
                "Intégrité : le serveur a compté {n} page(s) de cette base dont la somme de "
                "contrôle est fausse (disque ou mémoire du serveur à vérifier)."
            ).format(n=failures)
        )
    if conn.exec_driver_sql("SHOW data_checksums").scalar() != "on":
        report.notes.append(
            tr(
                "Les sommes de contrôle des pages sont désactivées sur ce serveur : une page "
                "abîmée n'est détectée que si elle est illisible (initdb --data-checksums)."
            )
        )
    for table, name in conn.execute(
        sa.text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE connamespace = current_schema()::text::regnamespace AND NOT convalidated "
            "ORDER BY 1, 2"
        )
    ):
        report.problems.append(
            tr("Contrainte non vérifiée : {name} sur {table} (ajoutée NOT VALID).").format(
                name=name, table=table
            )
        )
    for (index,) in conn.execute(
        sa.text(
            "SELECT i.indexrelid::regclass::text FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid "
            "WHERE c.relnamespace = current_schema()::text::regnamespace "
            "AND NOT (i.indisvalid AND i.indisready) ORDER BY 1"
        )
    ):
        report.problems.append(
            tr("Index invalide : {index} (création interrompue : à reconstruire).").format(
                index=index
            )
        )


def _check_indexes(conn: sa.Connection, report: ServerCheck) -> None:
    """``amcheck``'s B-tree check when installed (by the administrator), else a note."""
    import sqlalchemy as sa

    schema = conn.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'amcheck'"
        )
    ).scalar()
    if schema is None:
        report.notes.append(
            tr(
                "Structure des index non vérifiée : l'extension amcheck n'est pas installée "
                "dans cette base (CREATE EXTENSION amcheck, par l'administrateur)."
            )
        )
        return
    quote = conn.dialect.identifier_preparer.quote
    indexes = conn.execute(
        sa.text(
            "SELECT i.indexrelid::regclass::text FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = x.relam "
            "WHERE c.relnamespace = current_schema()::text::regnamespace "
            "AND a.amname = 'btree' AND i.indisvalid ORDER BY 1"
        )
    ).all()
    for (name,) in indexes:
        check = sa.text(f"SELECT {quote(schema)}.bt_index_check(CAST(:name AS regclass))")
        try:
            conn.execute(check, {"name": name})
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "42501":  # not granted to this role
                report.notes.append(
                    tr(
                        "Structure des index non vérifiée : l'utilisateur n'a pas le droit "
                        "d'exécuter bt_index_check (amcheck)."
                    )
                )
                return
            report.problems.append(
                tr("Index endommagé : {index} : {error}").format(index=name, error=_first_line(exc))
            )
    report.notes.append(tr("Structure des {n} index vérifiée (amcheck).").format(n=len(indexes)))
