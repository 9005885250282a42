"""Backup files: names, atomic checked copies, rotation (last 10 + one a month), previews."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from chantier_app.db import backup as b
from chantier_app.db.engine import Database
from chantier_app.domain.errors import StorageError
from tests.live_data import copy_live

NOW = dt.datetime(2026, 11, 23, 18, 0)


def _fake_backups(folder: Path, dates: list[dt.datetime], source: Path) -> list[Path]:
    """Real, sound backup files whose names carry the given dates."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for when in dates:
        path = folder / b.backup_name("fermeture", when)
        b.copy_database(source, path)
        made.append(path)
    return made


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    return path


def test_name_carries_date_and_reason() -> None:
    name = b.backup_name("avant import/purge", dt.datetime(2026, 3, 5, 9, 7, 1, 42))
    assert name == "chantier-20260305-090701-000042-avant-import-purge.sqlite3"
    parsed = b.parse_backup_name(Path(name))
    assert parsed is not None
    assert parsed.taken_at == dt.datetime(2026, 3, 5, 9, 7, 1, 42)
    assert parsed.reason == "avant-import-purge"
    assert b.parse_backup_name(Path("chantier-endommage-20260305-090701.sqlite3")) is None


def test_copy_is_checked_and_self_contained(database: Database, tmp_path: Path) -> None:
    copy = copy_live(database, tmp_path / "usb" / "copie.sqlite3")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copie.sqlite3"]


def test_copy_of_garbage_fails_without_leaving_a_file(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00" * 4096 + b"SQLite" * 1000)
    with pytest.raises(StorageError, match="La sauvegarde a échoué"):
        b.copy_database(garbage, tmp_path / "out" / "x.sqlite3")
    assert list((tmp_path / "out").iterdir()) == []


def test_rotation_keeps_last_ten_and_one_a_month_for_a_year(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    # Two backups a day for the last 8 days, and two a month (1st and 15th) for 18 months.
    recent = [NOW - dt.timedelta(days=d, hours=h) for d in range(8) for h in (1, 9)]
    monthly = [
        dt.datetime(2026, 11, 1) - dt.timedelta(days=31 * k) + dt.timedelta(days=day)
        for k in range(1, 19)
        for day in (0, 14)
    ]
    _fake_backups(folder, recent + monthly, source)
    deleted = b.rotate(folder, now=NOW)
    kept = b.list_backups(folder)
    assert [k.taken_at for k in kept[:10]] == sorted(recent, reverse=True)[:10]
    months = {(k.taken_at.year, k.taken_at.month) for k in kept}
    expected = {
        ((NOW.year * 12 + NOW.month - 1 - i) // 12, (NOW.month - 1 - i) % 12 + 1) for i in range(12)
    }
    assert months == expected  # one a month for a year, none older
    older = [k for k in kept if k.taken_at < dt.datetime(2026, 11, 1)]
    assert len(older) == 11  # the eleven previous months, one each
    for month in {(k.taken_at.year, k.taken_at.month) for k in older}:
        in_month = [x for x in recent + monthly if (x.year, x.month) == month]
        assert max(in_month) in {k.taken_at for k in older}  # the newest of that month
    assert len(deleted) == len(recent) + len(monthly) - len(kept)


def test_a_rotated_server_backup_takes_its_pg_dump_with_it(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    paths = _fake_backups(folder, [NOW - dt.timedelta(days=800), NOW], source)
    for path in paths:
        b.pg_dump_of(path).write_bytes(b"PGDMP")  # pg_dump's copy beside the server's backup
    assert b.rotate(folder, now=NOW, keep_last=1, keep_months=1) == [paths[0]]
    assert not b.pg_dump_of(paths[0]).exists()  # never left holding data the rotation dropped
    assert b.pg_dump_of(paths[1]).exists() and [x.path for x in b.list_backups(folder)] == [
        paths[1]
    ]


def test_rotation_with_few_backups_deletes_nothing(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    _fake_backups(folder, [NOW - dt.timedelta(hours=h) for h in range(5)], source)
    assert b.rotate(folder, now=NOW) == []
    assert len(b.list_backups(folder)) == 5


def test_rotation_never_deletes_the_only_good_backup(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    good_old = _fake_backups(folder, [NOW - dt.timedelta(days=800)], source)[0]
    # Ten newer backups, all damaged (a failing disk, say).
    for path in _fake_backups(folder, [NOW - dt.timedelta(hours=h) for h in range(10)], source):
        path.write_bytes(b"abime" * 1000)
    b.rotate(folder, now=NOW)
    assert good_old.exists()
    # Once a sound newer backup exists, the old one follows the policy.
    fresh = _fake_backups(folder, [NOW], source)[0]
    b.rotate(folder, now=NOW, known_good=fresh)
    assert not good_old.exists()


def test_rotation_keeps_future_dated_backups(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    future = _fake_backups(folder, [NOW + dt.timedelta(days=400)], source)[0]
    _fake_backups(folder, [NOW - dt.timedelta(hours=h) for h in range(12)], source)
    b.rotate(folder, now=NOW)
    assert future.exists()


def test_stale_partial_copies_are_cleaned(source: Path, tmp_path: Path) -> None:
    import os

    folder = tmp_path / "backups"
    _fake_backups(folder, [NOW], source)
    stale = folder / (b.backup_name("x", NOW - dt.timedelta(days=1)) + ".part")
    fresh = folder / (b.backup_name("y", NOW) + ".part")
    stale.write_bytes(b"half")
    fresh.write_bytes(b"in progress")
    old = (NOW - dt.timedelta(days=1)).timestamp()
    os.utime(stale, (old, old))
    os.utime(fresh, (NOW.timestamp(), NOW.timestamp()))
    b.rotate(folder, now=NOW)
    assert not stale.exists() and fresh.exists()


def test_preview_of_demo_data(demo_database: Database, tmp_path: Path) -> None:
    when = dt.datetime(2026, 11, 20, 17, 30)
    copy = copy_live(demo_database, tmp_path / b.backup_name("fermeture", when))
    preview = b.inspect_backup(copy)
    assert preview.status is b.BackupStatus.CURRENT and preview.restorable
    assert preview.taken_at == when
    assert preview.structure == "Les Ateliers du Canal"
    with sqlite3.connect(copy) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("person", "contract", "monthly_hours")
        ]
    assert [preview.people, preview.contracts, preview.hours_rows] == counts
    assert min(counts) > 0


@pytest.mark.parametrize(
    ("prepare", "status"),
    [
        (lambda p: p.write_bytes(b"n'importe quoi" * 100), b.BackupStatus.DAMAGED),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE recettes (x)"), b.BackupStatus.FOREIGN),
    ],
    ids=["garbage", "foreign"],
)
def test_preview_refuses_what_is_not_a_backup(tmp_path: Path, prepare, status) -> None:
    path = tmp_path / "fichier.sqlite3"
    prepare(path)
    preview = b.inspect_backup(path)
    assert preview.status is status and not preview.restorable


def test_preview_of_a_newer_version(database: Database, tmp_path: Path) -> None:
    copy = copy_live(database, tmp_path / "x.sqlite3")
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    preview = b.inspect_backup(copy)
    assert preview.status is b.BackupStatus.NEWER and preview.revision == "9999"
    assert "plus récente" in preview.status.label


def test_a_quickly_checked_backup_rotates_nothing_out(source: Path, tmp_path: Path) -> None:
    # The backup before an import of hours is checked by quick_check (issue 22): older
    # backups are deleted only on the word of a copy that passed the full integrity_check.
    folder = tmp_path / "backups"
    older = _fake_backups(folder, [NOW - dt.timedelta(hours=h) for h in range(12)], source)
    with sqlite3.connect(source) as conn:
        conn.execute("INSERT INTO t VALUES (2)")
    quick = b.backup_database(source, folder, reason="avant-import", thorough=False)
    assert quick not in older and all(path.exists() for path in [*older, quick])
    with sqlite3.connect(source) as conn:
        conn.execute("INSERT INTO t VALUES (3)")
    b.backup_database(source, folder, reason="fermeture")
    assert quick.exists() and not all(path.exists() for path in older)


def test_the_quick_check_refuses_a_short_or_damaged_copy(tmp_path: Path) -> None:
    source = tmp_path / "big.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [(f"ligne {i:06d}",) for i in range(20000)])
    pages = sqlite3.connect(source).execute("PRAGMA page_count").fetchone()[0]
    copy = b.copy_database(source, tmp_path / "copy.sqlite3", thorough=False)
    assert b._quick_ok(copy, pages)
    data = bytearray(copy.read_bytes())
    short = tmp_path / "short.sqlite3"
    short.write_bytes(bytes(data[: len(data) // 2]))  # a write cut short (full disk)
    assert not b._quick_ok(short, pages)
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # a b-tree page damaged on the medium
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(bytes(data))
    assert not b._quick_ok(damaged, pages)
