"""The built folder opens an encrypted demo (issue 17: « the PyInstaller folder carries the
SQLCipher library; the built folder opens an encrypted demo »).

    PYTHON=/tmp/build-venv/bin/python packaging/build.sh         # builds, then runs this
    /tmp/build-venv/bin/python packaging/check_build.py [dist/chantier] [--screenshot X.png]

Everything runs the *built* programs (``chantier-cli``, ``Chantier``) as a user would, in a
throw-away folder: the demo made by the built program (its migrations shipped), encrypted
as Paramètres → Chiffrement leaves a folder (a key file, the SQLCipher file under a random
data key, the director's slot; here by this Python, since the application keeps the demo
itself in clear), then:

- the raw bytes of the encrypted file hold no demo name;
- ``chantier-cli check`` with the password on standard input: sound (exit 0); a wrong
  password: « Connexion refusée » (exit 1); the recovery key: sound;
- ``Chantier`` on the clear demo under ``QT_QPA_PLATFORM=offscreen``: its dashboard shows;
- ``Chantier`` on the encrypted folder on a virtual X screen (xvfb-run, Qt's xcb plugin):
  the log-in window shows, the identifier and password are typed with xdotool, and the
  dashboard shows with the data (``CHANTIER_QUIT_WHEN_READY``: it prints READY, then quits).

Needs the application importable by this Python (to encrypt the copy) and, for the window,
``xvfb-run``, ``xauth`` and ``xdotool`` (Debian: apt-get install xvfb xauth xdotool).
Exit code 0 when every step passed. Linux only (Windows: see the README).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOGIN, PASSWORD = "demo.chiffre", "Canal-Ourcq-Paquet-2026"
WRONG = "pas-le-bon-mot-de-passe"
TIMEOUT = 300.0  # seconds for one start of the built program (a loaded machine)
DRIVER_WORDS = ("not a database", "file is encrypted", "endommag")


class Failed(Exception):
    pass


def step(title: str, started: float) -> None:
    print(f"OK    {title} ({time.perf_counter() - started:.1f} s)", flush=True)


def run(command: Sequence[str], *, stdin: str = "", env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        list(command), input=stdin, capture_output=True, text=True, env=env, timeout=TIMEOUT
    )


def expect(condition: bool, what: str, detail: str = "") -> None:
    if not condition:
        raise Failed(f"{what}\n{detail[-3000:]}")


# The encrypted copy, as Paramètres → Chiffrement leaves a folder ------------------------------
def encrypt_copy(clear: Path, target: Path) -> str:
    """``target``: the data of ``clear`` encrypted, its director logging in with LOGIN and
    PASSWORD, not a demo (the demo's own start logs in without a password). Returns the
    recovery key."""
    import sqlalchemy as sa

    from chantier_app.db import cipher
    from chantier_app.db import models as m
    from chantier_app.domain.codes.staff_codes import Role
    from chantier_app.paths import resolve_paths
    from chantier_app.services.safety import _key_slots, keys
    from chantier_app.services.safety.bootstrap import open_data
    from chantier_app.services.structure.accounts import hash_password

    paths = resolve_paths(target)
    recovery = keys.create_keys(paths)
    key = cipher.folder_key(paths.data_dir)
    assert key is not None
    cipher.encrypted_copy(clear / "chantier.sqlite3", paths.db_path, key)
    database = open_data(paths).database
    try:
        with database.transaction() as session:
            director = session.scalars(
                sa.select(m.Staff).where(m.Staff.role == Role.DIRECTION, m.Staff.active)
            ).first()
            assert director is not None, "the demo has no director"
            director.login = LOGIN
            director.password_hash = hash_password(PASSWORD)
            director.must_change_password = False
            for structure in session.scalars(sa.select(m.Structure)):
                structure.is_demo = False
            session.flush()
            _key_slots.set_account_slot(session, director.id, LOGIN, PASSWORD)
    finally:
        database.dispose()
        cipher.forget_keys()
    return recovery


def demo_names(clear: Path) -> list[str]:
    with sqlite3.connect(clear / "chantier.sqlite3") as conn:
        rows = conn.execute("SELECT usage_name FROM person ORDER BY id LIMIT 20").fetchall()
    return [str(name) for (name,) in rows if name]


# The window ----------------------------------------------------------------------------------
class Started:
    """A built program started, its standard output read line by line in a thread."""

    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.begun = time.perf_counter()
        self.process = subprocess.Popen(
            list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        self.lines: dict[str, float] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.setdefault(line.strip(), time.perf_counter() - self.begun)

    def wait_for(self, line: str) -> float:
        deadline = time.monotonic() + TIMEOUT
        while line not in self.lines and time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.reader.join(5)
                break
            time.sleep(0.1)
        if line not in self.lines:
            self.stop()
            error = self.process.stderr.read() if self.process.stderr else ""
            raise Failed(f"no {line} line (exit {self.process.returncode})\n{error[-3000:]}")
        return self.lines[line]

    def finish(self) -> int:
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def gui_env(data: Path, platform: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    env.update(QT_QPA_PLATFORM=platform, CHANTIER_QUIT_WHEN_READY="1", HOME=str(data.parent))
    return env


def find_window(name: str) -> str:
    """The X window whose title holds ``name`` (the log-in's), once it is mapped."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = run(["xdotool", "search", "--onlyvisible", "--name", name])
        ids = found.stdout.split()
        if ids:
            return ids[-1]
        time.sleep(0.5)
    raise Failed(f"no window named « {name} » on the virtual screen")


def screenshot(target: Path) -> None:
    """The whole virtual screen, grabbed by Qt (this Python's PySide6, xcb)."""
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(['grab'])\n"
        "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    done = run([sys.executable, "-c", code, str(target)], env=env)
    expect(done.returncode == 0, f"screenshot {target} failed", done.stderr)


def type_log_in(window: str) -> None:
    run(["xdotool", "windowfocus", "--sync", window])
    time.sleep(0.5)
    for command in (
        ["type", "--delay", "30", LOGIN],
        ["key", "Tab"],
        ["type", "--delay", "30", PASSWORD],
        ["key", "Return"],
    ):
        done = run(["xdotool", *command])
        expect(done.returncode == 0, f"xdotool {command[0]} failed", done.stderr)


# The checks ----------------------------------------------------------------------------------
def check(folder: Path, work: Path, shot: Path | None, *, window: bool = True) -> None:
    windows = os.name == "nt"
    cli = folder / ("chantier-cli.exe" if windows else "chantier-cli")
    # Windows' Chantier.exe has no standard output (windowed): its console twin prints READY.
    app = cli if windows else folder / "Chantier"
    expect(cli.exists() and app.exists(), f"{folder} has no chantier-cli and Chantier")
    clear, sealed = work / "demo", work / "chiffre"

    started = time.perf_counter()
    done = run([str(cli), "--version"])
    expect(done.returncode == 0 and "chantier_app" in done.stdout, "--version", done.stderr)
    step(f"chantier-cli --version: {done.stdout.strip()}", started)

    started = time.perf_counter()
    done = run([str(cli), "--data-dir", str(clear), "demo"])
    expect(done.returncode == 0, "the built program could not make the demo", done.stderr)
    step("chantier-cli demo: the demo made by the built program (migrations shipped)", started)

    started = time.perf_counter()
    gui = Started([str(app), "--data-dir", str(clear)], gui_env(clear, "offscreen"))
    ready = gui.wait_for("READY")
    code = gui.finish()
    expect(code == 0, f"Chantier on the clear demo exited {code}")
    step(f"Chantier, offscreen, clear demo: dashboard shown at {ready:.1f} s", started)

    started = time.perf_counter()
    recovery = encrypt_copy(clear, sealed)
    raw = b"".join(p.read_bytes() for p in sealed.iterdir() if p.is_file() and "chantier" in p.name)
    names = demo_names(clear)
    expect(bool(names), "the demo has no person")
    leaked = [name for name in names if name.encode() in raw]
    expect(not leaked, f"names in clear in the encrypted folder: {leaked}")
    expect(not raw.startswith(b"SQLite format 3"), "the data file is not encrypted")
    step(f"demo encrypted: none of {len(names)} names in the files' bytes", started)

    started = time.perf_counter()
    base = [str(cli), "--data-dir", str(sealed), "check"]
    done = run([*base, "--utilisateur", LOGIN, "--mot-de-passe-stdin"], stdin=PASSWORD + "\n")
    expect(done.returncode == 0 and "Base de données intacte" in done.stdout, "check", done.stderr)
    wrong = run([*base, "--utilisateur", LOGIN, "--mot-de-passe-stdin"], stdin=WRONG + "\n")
    expect(wrong.returncode == 1, "a wrong password was not refused", wrong.stdout)
    expect("Connexion refusée : Identifiant ou mot de passe incorrect." in wrong.stderr, "wrong")
    expect(not any(w in wrong.stderr.lower() for w in DRIVER_WORDS), "driver words", wrong.stderr)
    by_key = run([*base, "--cle-de-secours", "--mot-de-passe-stdin"], stdin=recovery + "\n")
    expect(by_key.returncode == 0, "check with the recovery key", by_key.stderr)
    step("chantier-cli check: password sound, wrong password refused, recovery key", started)

    if not window:
        print("--    the encrypted log-in typed in the window: not run (--sans-fenetre)")
        return
    if not os.environ.get("DISPLAY"):
        raise Failed("no DISPLAY for the window's log-in (run under xvfb-run -a)")
    started = time.perf_counter()
    gui = Started([str(app), "--data-dir", str(sealed)], gui_env(sealed, "xcb"))
    window = find_window("Connexion")
    shown = time.perf_counter() - gui.begun
    time.sleep(1.0)
    if shot is not None:
        screenshot(shot)
    type_log_in(window)
    ready = gui.wait_for("READY")
    code = gui.finish()
    expect(code == 0, f"Chantier on the encrypted demo exited {code}")
    step(
        f"Chantier, xcb on Xvfb, encrypted demo: log-in window at {shown:.1f} s, password "
        f"typed, dashboard shown at {ready:.1f} s",
        started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / "chantier")
    parser.add_argument("--screenshot", type=Path, help="PNG of the built log-in window")
    parser.add_argument(
        "--sans-fenetre", dest="window", action="store_false",
        help="leave out the log-in typed in the window (no X server, xdotool: Windows)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    wrap = args.window and not os.environ.get("DISPLAY") and "XVFB_WRAPPED" not in os.environ
    if wrap and shutil.which("xvfb-run"):
        # A virtual X screen for the window's step; the rest does not need it.
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, *sys.argv]
        return subprocess.call(command, env={**os.environ, "XVFB_WRAPPED": "1"})
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="chantier-build-check-"))
    try:
        check(args.folder.resolve(), work, args.screenshot, window=args.window)
    except (Failed, subprocess.TimeoutExpired) as failure:
        print(f"FAILED {failure}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - began
    print(f"The built folder {args.folder} opens an encrypted demo ({took:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
