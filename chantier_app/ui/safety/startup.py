"""Start-up in the GUI: take the data folder's lock, check the file, open it, warn.

Each problem is explained in French with the choices that keep the data safe: another
instance holds the folder (consult, quit, or take over after confirming), the folder is
read-only (consult or quit), the file is damaged (restore the newest good backup, the
damaged file being kept aside, or quit), the file is missing from a folder already used
(restore the newest good backup, start empty after a second confirmation, or quit).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.ui.start_failure import fail

if TYPE_CHECKING:
    from collections.abc import Callable

    from chantier_app.services.safety.bootstrap import (
        DamagedDataError,
        MissingDataError,
        OpenedData,
    )
    from chantier_app.services.safety.lock import LockHeldError, LockOwner, WriterLock
    from chantier_app.ui.main_window import MainWindow

CONSULT, QUIT, TAKE_OVER, RESTORE = "consult", "quit", "takeover", "restore"
START_EMPTY = "start_empty"


@dataclass
class Started:
    opened: OpenedData
    lock: WriterLock | None

    @property
    def readonly(self) -> bool:
        return self.opened.database.readonly


def _ask(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    choices: list[tuple[str, str, QMessageBox.ButtonRole]],
    default: str,
) -> str:
    """A message box whose buttons carry object names (the choice returned)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("startup_question")
    buttons = {}
    for key, label, role in choices:
        button = box.addButton(label, role)
        button.setObjectName(key)
        buttons[button] = key
    default_button = next(b for b, k in buttons.items() if k == default)
    box.setDefaultButton(default_button)
    box.setEscapeButton(next(b for b, k in buttons.items() if k == QUIT))
    box.exec()
    return buttons.get(box.clickedButton(), QUIT)


Role = QMessageBox.ButtonRole


def ask_lock_held(held: LockHeldError, parent: QWidget | None = None) -> str:
    choices = [
        (CONSULT, tr("Ouvrir en &consultation"), Role.AcceptRole),
        (QUIT, tr("&Quitter"), Role.RejectRole),
    ]
    text = held.message + "\n\n"
    if held.same_host:
        text += tr(
            "L'application est déjà ouverte sur cet ordinateur : utilisez cette fenêtre, ou "
            "ouvrez les données en consultation (sans modification)."
        )
    else:
        text += tr(
            "Si l'application est bien fermée sur ce poste (poste éteint, plantage), vous "
            "pouvez prendre la main ; sinon, ouvrez les données en consultation."
        )
        choices.insert(1, (TAKE_OVER, tr("&Prendre la main…"), Role.DestructiveRole))
    return _ask(
        parent, QMessageBox.Icon.Warning, tr("Données déjà ouvertes"), text, choices, CONSULT
    )


def confirm_take_over(held: LockHeldError, parent: QWidget | None = None) -> bool:
    answer = QMessageBox.question(
        parent,
        tr("Prendre la main"),
        tr(
            "Vérifiez que l'application est fermée sur {who}. Si elle y est encore ouverte, "
            "les deux postes modifieraient les mêmes données. Prendre la main ?"
        ).format(who=held.owner.describe() if held.owner else tr("l'autre poste")),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _take_lock(paths: AppPaths, parent: QWidget | None) -> WriterLock | str:
    from chantier_app.services.safety.bootstrap import ReadOnlyFolderError, take_writer_lock
    from chantier_app.services.safety.lock import LockHeldError

    force = False
    while True:
        try:
            return take_writer_lock(paths, force=force)
        except LockHeldError as held:
            answer = ask_lock_held(held, parent)
            if answer == TAKE_OVER and confirm_take_over(held, parent):
                force = True
                continue
            if answer == TAKE_OVER:
                continue  # asked again
            return answer
        except ReadOnlyFolderError as error:
            return _ask(
                parent,
                QMessageBox.Icon.Warning,
                tr("Dossier en lecture seule"),
                error.message,
                [
                    (CONSULT, tr("Ouvrir en &consultation"), Role.AcceptRole),
                    (QUIT, tr("&Quitter"), Role.RejectRole),
                ],
                CONSULT,
            )


def note_interrupted(replaced: LockOwner, parent: QWidget | None = None) -> None:
    """A crashed session's lock was taken over: not a refusal, a note (its process is gone,
    so nothing else writes the data), since what was being typed then may be missing."""
    QMessageBox.information(
        parent,
        tr("Session précédente interrompue"),
        tr(
            "La session précédente ({who}) ne s'est pas fermée normalement (plantage, "
            "arrêt de l'ordinateur) : l'application reprend la main sur les données.\n\n"
            "Ce qui avait été enregistré est conservé ; vérifiez seulement la saisie qui "
            "était en cours à ce moment-là."
        ).format(who=replaced.describe()),
    )


def ask_restore_damaged(damaged: DamagedDataError, parent: QWidget | None = None) -> str:
    choices = [(QUIT, tr("&Quitter"), Role.RejectRole)]
    text = damaged.message
    if damaged.good_backup is not None:
        text += "\n\n" + tr(
            "Restaurer cette sauvegarde ? Le fichier endommagé est conservé à côté, renommé, "
            "pour un éventuel dépannage."
        )
        choices.insert(0, (RESTORE, tr("&Restaurer la sauvegarde"), Role.AcceptRole))
    else:
        text += "\n\n" + tr(
            "Si vous avez une copie sur une clé USB, lancez l'application avec une copie "
            "de ce fichier à la place du fichier endommagé, ou contactez le support."
        )
    return _ask(
        parent,
        QMessageBox.Icon.Critical,
        tr("Fichier de données endommagé"),
        text,
        choices,
        choices[0][0],
    )


def _open(paths: AppPaths, readonly: bool, parent: QWidget | None) -> OpenedData | None:
    from chantier_app.services.safety.bootstrap import (
        DamagedDataError,
        MissingDataError,
        open_data,
    )

    try:
        return open_data(paths, readonly=readonly)
    except DamagedDataError as damaged:
        return _answer_damage(paths, damaged, readonly, parent)
    except MissingDataError as missing:
        return _answer_missing(paths, missing, parent)


def ask_missing(missing: MissingDataError, parent: QWidget | None = None) -> str:
    """Restore the newest sound backup (the default), start empty, or quit."""
    choices = [
        (START_EMPTY, tr("Démarrer avec des données &vides…"), Role.DestructiveRole),
        (QUIT, tr("&Quitter"), Role.RejectRole),
    ]
    text = missing.message
    if missing.good_backup is not None:
        text += "\n\n" + tr("Restaurer cette sauvegarde ?")
        choices.insert(0, (RESTORE, tr("&Restaurer la sauvegarde"), Role.AcceptRole))
    return _ask(
        parent,
        QMessageBox.Icon.Critical,
        tr("Fichier de données absent"),
        text,
        choices,
        RESTORE if missing.good_backup is not None else QUIT,
    )


def confirm_start_empty(missing: MissingDataError, parent: QWidget | None = None) -> bool:
    """The second question before an empty start; « Non » is the default."""
    answer = QMessageBox.warning(
        parent,
        tr("Démarrer avec des données vides"),
        tr(
            "L'application va créer un fichier de données vide dans {folder}. Les "
            "sauvegardes restent dans {backups} et pourront être restaurées plus tard "
            "(menu Sauvegarde). Démarrer avec des données vides ?"
        ).format(folder=missing.paths.data_dir, backups=missing.paths.backups_dir),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _answer_missing(
    paths: AppPaths, missing: MissingDataError, parent: QWidget | None
) -> OpenedData | None:
    from chantier_app.services.context import Actor
    from chantier_app.services.safety import backups
    from chantier_app.services.safety.bootstrap import open_data

    choice = ask_missing(missing, parent)
    if choice == START_EMPTY and confirm_start_empty(missing, parent):
        return open_data(paths, start_empty=True)
    if choice != RESTORE or missing.good_backup is None:
        return None
    result = backups.restore(paths, missing.good_backup.path, Actor.system())
    QMessageBox.information(
        parent,
        tr("Sauvegarde restaurée"),
        tr("La sauvegarde du {date} a été restaurée.").format(
            date=result.restored.taken_at.strftime(tr("%d/%m/%Y à %H:%M"))
        ),
    )
    return open_data(paths)


class EarlyLock:
    """The folder's lock taken in the background while the encrypted log-in shows, as the
    clear start takes it before its own log-in: writing the lock file and flushing it to
    disk (a third of a second on a busy disk) is no longer paid after the password. Nothing
    of the data is read. Any problem (held elsewhere, a read-only folder) is left to
    ``start_session``, which tries again and asks as usual."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._lock: WriterLock | None = None
        self._thread = threading.Thread(target=self._take, name="early-lock", daemon=True)
        self._asked = threading.Lock()
        self._too_late = False

    def start(self) -> None:
        with self._asked:
            if not self._too_late:  # not once start_session took it itself
                self._thread.start()

    def _take(self) -> None:
        # The lock module alone, not bootstrap's imports: this thread runs while the log-in
        # window paints, and a second thread importing the database's modules delayed it.
        from chantier_app.services.safety.lock import acquire

        try:
            self.paths.ensure()
            self._lock = acquire(self.paths.lock_path)
        except (AppError, OSError):
            self._lock = None  # start_session takes it again and explains

    def taken(self) -> WriterLock | None:
        """The lock once taken (None: not tried, or to be taken by ``start_session``)."""
        with self._asked:
            self._too_late = True
        if self._thread.ident is not None:
            self._thread.join()
        return self._lock

    def release(self) -> None:
        lock = self.taken()
        if lock is not None:
            lock.release()


def start_session(
    paths: AppPaths,
    *,
    readonly: bool = False,
    parent: QWidget | None = None,
    check_later: bool = False,
    lock: WriterLock | None = None,
) -> Started | None:
    """Everything before the main window; None when the user chose to quit (or must).

    ``check_later``: a file already at this version's schema opens at once and is checked
    later (``settle_check`` starts the check, then reports a damaged file; nothing is read
    nor written through the database's sessions until the check has passed).
    ``lock``: the folder's lock already taken (``EarlyLock``), released here on failure.
    """
    if not readonly and lock is None:
        try:
            taken = _take_lock(paths, parent)
        except AppError as error:  # a full disk, a folder gone: a window, not stderr
            fail(parent, error.message)
            return None
        if taken == QUIT:
            return None
        if isinstance(taken, str):
            readonly = True
        else:
            lock = taken
            if lock.replaced is not None:
                note_interrupted(lock.replaced, parent)
    elif lock is not None and lock.replaced is not None:
        note_interrupted(lock.replaced, parent)  # taken over while the log-in showed
    try:
        opened = None
        if check_later:
            from chantier_app.services.safety.bootstrap import open_data_quickly

            opened = open_data_quickly(paths, readonly=readonly)
        if opened is None:
            opened = _open(paths, readonly, parent)
    except AppError as error:
        fail(parent, error.message)
        opened = None
    if opened is None:
        if lock is not None:
            lock.release()
        return None
    for warning in opened.warnings:
        QMessageBox.warning(parent, tr("Dossier des données sur le réseau"), warning)
    return Started(opened, lock)


def resolve_check(started: Started, parent: QWidget | None = None) -> bool:
    """Wait for the background check; a damaged file gets the same choices as before the
    window (restore the newest good backup, or quit). False: the application must quit."""
    check = started.opened.check
    started.opened.check = None
    if check is None:
        return True
    try:
        damaged = check.damage()
    except AppError as error:
        fail(parent, error.message)
        return False
    if damaged is None:
        return True
    started.opened.database.dispose()
    restored = _answer_damage(started.opened.paths, damaged, started.readonly, parent)
    if restored is None:
        return False
    started.opened = restored
    return True


def _answer_damage(
    paths: AppPaths, damaged: DamagedDataError, readonly: bool, parent: QWidget | None
) -> OpenedData | None:
    """Restore the newest good backup if the user chooses to; None: the application quits.
    Read-only, nothing can be restored: the message says how to."""
    if readonly:
        fail(
            parent,
            damaged.message
            + "\n\n"
            + tr("Ouvrez l'application en modification pour restaurer une sauvegarde."),
            title=tr("Fichier de données endommagé"),
        )
        return None
    if ask_restore_damaged(damaged, parent) != RESTORE:
        return None
    return _restore_damaged(paths, damaged, parent)


def settle_check(
    window: MainWindow, started: Started, then: Callable[[], None] | None = None
) -> None:
    """Once the window shows: when the check ends, nothing to say, or the damaged-file
    choices (the window then shows the restored data, or closes). ``then`` runs once the
    data passed (or were restored)."""
    check = started.opened.check
    if check is not None and not check.done():
        check.start()
        QTimer.singleShot(50, lambda: settle_check(window, started, then))
        return
    database = started.opened.database
    if check is not None and not resolve_check(started, window):
        window.close()
        return
    if started.opened.database is not database:
        window.replace_database(started.opened.database)
    if then is not None:
        then()


def _restore_damaged(
    paths: AppPaths, damaged: DamagedDataError, parent: QWidget | None
) -> OpenedData:
    from chantier_app.services.context import Actor
    from chantier_app.services.safety import backups
    from chantier_app.services.safety.bootstrap import open_data

    assert damaged.good_backup is not None
    result = backups.restore(paths, damaged.good_backup.path, Actor.system())
    QMessageBox.information(
        parent,
        tr("Sauvegarde restaurée"),
        tr(
            "La sauvegarde du {date} a été restaurée. Le fichier endommagé est conservé "
            "sous le nom {aside}."
        ).format(
            date=result.restored.taken_at.strftime(tr("%d/%m/%Y à %H:%M")),
            aside=result.damaged_aside.name if result.damaged_aside else "–",
        ),
    )
    return open_data(paths)
