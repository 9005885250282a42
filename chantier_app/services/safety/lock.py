"""One writer per data folder: a lock file naming its holder (host, process, start time).

The file is created atomically with its content (written aside, then hard-linked, which
fails if the lock exists), so a reader never sees half a lock. A lock left by a crashed
process of this computer (its process is gone, or the number now belongs to another
program started later) is stale and taken over; a lock from another computer is never
taken without ``force`` (the user is asked first, told when that computer's heartbeat, the
lock touched every minute, stopped: a suspended laptop wakes up to find its lock taken, so
silence alone never takes it over).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import errno
import getpass
import json
import logging
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from chantier_app.domain.errors import AppError
from chantier_app.file_modes import PRIVATE_FILE, private_file
from chantier_app.i18n import tr

log = logging.getLogger(__name__)
_ATTEMPTS = 5
HEARTBEAT_SECONDS = 60.0  # the GUI touches its lock this often (WriterLock.touch)
SILENT_AFTER = 10 * 60.0  # another computer's lock untouched this long: most likely a crash


@dataclass(frozen=True)
class LockOwner:
    host: str
    pid: int
    started: float  # the process's start time (epoch seconds): tells a reused number apart
    user: str = ""  # the computer's session
    staff: str = ""  # the staff member logged in (« Sophie Lacroix »), once known
    # When the lock was taken (epoch seconds; 0: an older lock file): told, not compared
    # (the holder is its computer, process and that process's start).
    since: float = field(default=0.0, compare=False)

    @classmethod
    def current(cls, *, staff: str = "") -> LockOwner:
        own = _own_start()
        started = own if own is not None else max(_process_start(os.getpid()) or 0.0, 0.0)
        return cls(_hostname(), os.getpid(), started, _user(), staff, time.time())

    def to_text(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> LockOwner | None:
        try:
            data = json.loads(text)
            return cls(
                str(data["host"]),
                int(data["pid"]),
                float(data["started"]),
                str(data.get("user", "")),
                str(data.get("staff", "")),
                float(data.get("since", 0.0)),
            )
        except (ValueError, KeyError, TypeError):
            return None

    @property
    def same_host(self) -> bool:
        return self.host.casefold() == _hostname().casefold()

    def describe(self) -> str:
        """« Sophie Lacroix sur le poste « PC-ACCUEIL », session de marie, programme n° 812,
        depuis 14:32 » (the day too when it is not today)."""
        moment = self.since or self.started
        since = dt.datetime.fromtimestamp(moment) if moment else None
        text = tr("le poste « {host} »").format(host=self.host)
        if self.staff:
            text = tr("{staff} sur {host}").format(staff=self.staff, host=text)
        if self.user:
            text += tr(", session de {user}").format(user=self.user)
        text += tr(", programme n° {pid}").format(pid=self.pid)
        if since is not None and since.date() == dt.date.today():
            text += tr(", depuis {time}").format(time=since.strftime("%H:%M"))
        elif since is not None:
            text += tr(", depuis le {date} à {time}").format(
                date=since.strftime("%d/%m/%Y"), time=since.strftime("%H:%M")
            )
        return text


class LockHeldError(AppError):
    """Another instance holds the data folder (``owner`` None when the file is unreadable)."""

    def __init__(self, path: Path, owner: LockOwner | None) -> None:
        self.path = path
        self.owner = owner
        who = (
            owner.describe() if owner else tr("un programme inconnu (fichier de verrou illisible)")
        )
        text = tr(
            "Les données sont déjà ouvertes en modification par {who}. Une seule personne "
            "à la fois peut les modifier."
        ).format(who=who)
        # Another computer's process cannot be looked at from here: its heartbeat (the lock
        # file touched every minute) says whether it still runs.
        self.last_sign = _modified(path) if owner is not None and not owner.same_host else None
        if self.last_sign is not None:
            text += " " + _sign_of_life(self.last_sign)
        super().__init__(text)

    @property
    def silent(self) -> bool:
        """Another computer's lock not refreshed for SILENT_AFTER: most likely a crash."""
        return self.last_sign is not None and time.time() - self.last_sign >= SILENT_AFTER

    @property
    def same_host(self) -> bool:
        return self.owner is not None and self.owner.same_host


def _modified(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _sign_of_life(moment: float) -> str:
    when = dt.datetime.fromtimestamp(moment)
    if time.time() - moment < SILENT_AFTER:
        return tr("Dernier signe de vie de ce poste à {time}.").format(time=when.strftime("%H:%M"))
    since = when.strftime("%H:%M")
    if when.date() != dt.date.today():
        since = tr("le {date} à {time}").format(date=when.strftime("%d/%m/%Y"), time=since)
    return tr(
        "Ce poste ne donne plus signe de vie depuis {since} : l'application s'y est sans "
        "doute arrêtée brutalement (plantage, poste éteint)."
    ).format(since=since)


class WriterLock:
    """The lock this process holds; ``release()`` (also run at exit) removes it.

    ``replaced``: the holder of a stale lock this one took over (a crashed session of this
    computer), for the note that tells the user; None when the folder was free or forced.
    """

    def __init__(
        self, path: Path, owner: LockOwner, text: str, replaced: LockOwner | None = None
    ) -> None:
        self.path = path
        self.owner = owner
        self.replaced = replaced
        self._text = text
        self.released = False
        atexit.register(self.release)

    def touch(self) -> None:
        """A sign of life, every HEARTBEAT_SECONDS from the GUI's timer (no thread: the GUI
        collects garbage only while no other Python thread lives, ui/widgets/collector.py):
        another computer, which cannot see this process, reads the lock's time."""
        if self.released:
            return
        try:
            if self.path.read_text(encoding="utf-8") == self._text:
                os.utime(self.path)
        except OSError as exc:  # a network drive gone for a moment: the next beat
            log.debug("Verrou %s non rafraîchi : %s", self.path, exc)

    def name_holder(self, staff: str) -> None:
        """Write who is logged in into the lock, so that a second instance is told who
        holds the data (« Sophie Lacroix sur le poste … »). The lock is replaced whole (a
        reader never sees half of it), only while it is still this process's."""
        owner = replace(self.owner, staff=staff)
        text = owner.to_text()
        aside = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            if self.released or self.path.read_text(encoding="utf-8") != self._text:
                return
            private_file(aside)
            with aside.open("w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(aside, self.path)
        except OSError as exc:  # a full disk: the lock still holds, without the name
            log.warning("Verrou %s : nom de la personne non écrit (%s)", self.path, exc)
            aside.unlink(missing_ok=True)
            return
        self.owner, self._text = owner, text

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        atexit.unregister(self.release)
        try:
            if self.path.read_text(encoding="utf-8") == self._text:
                self.path.unlink()
            else:
                log.warning("Verrou %s repris par un autre programme : laissé en place", self.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("Verrou %s non supprimé : %s", self.path, exc)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def read_owner(path: Path) -> LockOwner | None:
    try:
        return LockOwner.from_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def owner_alive(owner: LockOwner) -> bool:
    """Whether the holder still runs. Only meaningful for this computer's processes."""
    if not owner.same_host:
        return True  # cannot be known from here
    started = _process_start(owner.pid)
    if started is None:
        return False
    if started < 0:
        return True  # exists but cannot be inspected: assume it is the holder
    # The number may have been reused by a program started after the crash.
    return not owner.started or abs(started - owner.started) < 2.0


def acquire(path: Path, *, force: bool = False) -> WriterLock:
    """Take the lock at ``path``, or raise LockHeldError saying who holds it.

    ``force`` takes over a lock whose holder cannot be checked (another computer, an
    unreadable file): only after the user confirmed the other instance is closed.
    OSError (read-only folder, no rights) propagates for the caller to explain.
    """
    me = LockOwner.current()
    text = me.to_text()
    replaced: LockOwner | None = None
    for _attempt in range(_ATTEMPTS):
        try:
            _create_exclusive(path, text)
            return WriterLock(path, me, text, replaced)
        except FileExistsError:
            pass
        try:
            seen = path.read_bytes()
        except FileNotFoundError:
            continue  # released meanwhile: try again
        owner = LockOwner.from_text(seen.decode("utf-8", errors="replace"))
        stale = owner is not None and owner.same_host and not owner_alive(owner)
        if not (stale or force):
            raise LockHeldError(path, owner)
        log.warning(
            "Reprise du verrou %s (%s) : %s",
            path,
            "session interrompue" if stale else "forcée",
            owner.describe() if owner else "illisible",
        )
        replaced = owner if stale else None
        _take_over(path, seen)
    raise LockHeldError(path, read_owner(path))


def _create_exclusive(path: Path, text: str) -> None:
    """Create ``path`` holding ``text`` in one step; FileExistsError if it exists."""
    aside = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        private_file(aside)  # 0600, as every file of the data folder
        with aside.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(aside, path)
        except FileExistsError:
            raise
        except (NotImplementedError, OSError) as exc:
            # Some file systems (FAT on a USB key) have no hard links: exclusive create.
            if isinstance(exc, OSError) and exc.errno not in _NO_LINK_ERRNOS:
                raise
            _create_exclusive_fallback(path, text)
    finally:
        aside.unlink(missing_ok=True)


_NO_LINK_ERRNOS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


def _create_exclusive_fallback(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _take_over(path: Path, expected: bytes) -> None:
    """Move the stale lock away, checking it is still the one judged stale (another
    instance may have taken it over in between: then its fresh lock is put back)."""
    aside = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.stale")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return
    try:
        if aside.read_bytes() != expected:
            with contextlib.suppress(OSError):
                os.link(aside, path)  # put the newer holder's lock back
    finally:
        aside.unlink(missing_ok=True)


# This computer and its processes ----------------------------------------------------------
def _hostname() -> str:
    return socket.gethostname() or "?"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service contexts
        return ""


def _own_start() -> float | None:
    """This process's start as psutil tells it, read where Linux's /proc says it (psutil's
    import was 16 ms of every start-up, before the first screen; issue 22): its start in
    clock ticks since the boot, over the ticks per second, plus the boot time, psutil's own
    formula. None elsewhere or unreadable: ask psutil."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            data = stat.read()
        with open("/proc/stat", "rb") as system:
            boot = next(float(line.split()[1]) for line in system if line.startswith(b"btime"))
        # After the program's name in parentheses (which may hold spaces and parentheses),
        # the 22nd field of proc(5)'s list, the 20th after the name.
        ticks = int(data[data.rfind(b")") + 2 :].split()[19])
        return ticks / os.sysconf("SC_CLK_TCK") + boot
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return None  # not Linux (no /proc, no sysconf), or a /proc this code does not know


def _process_start(pid: int) -> float | None:
    """When process ``pid`` started (epoch seconds), None if it is gone, -1 if unknown."""
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None  # dead, waiting for its parent to read its exit code
        return float(process.create_time())
    except psutil.NoSuchProcess:
        return None
    except psutil.Error:
        return -1.0  # exists but cannot be inspected
