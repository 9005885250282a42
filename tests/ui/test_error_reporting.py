"""What the user sees when something fails in a screen: a French message for the expected,
a dialog and a line in the log for a bug; the application stays open."""

from __future__ import annotations

import errno
import logging
import sys

from PySide6.QtWidgets import QMessageBox

from chantier_app.domain.errors import ValidationError
from chantier_app.ui.errors import install_excepthook


def _raise(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as caught:  # the hook receives what Qt would hand it
        sys.excepthook(type(caught), caught, caught.__traceback__)


def test_the_hook_explains_expected_failures_and_reports_bugs(qapp, monkeypatch, caplog) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text: warned.append((title, text))
    )
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: shown.append((box.windowTitle(), box.text(), box.detailedText())) or 0,
    )
    _raise(ValidationError("Nom d'usage : obligatoire."))
    _raise(OSError(errno.ENOSPC, "No space left on device"))
    assert warned == [
        ("Action impossible", "Nom d'usage : obligatoire."),
        ("Action impossible", "Le disque est plein. Libérez de la place puis recommencez."),
    ]
    assert shown == []
    with caplog.at_level(logging.ERROR):
        _raise(ZeroDivisionError("division by zero"))
    ((title, text, details),) = shown
    assert title == "Erreur inattendue" and "n'est pas perdu" in text
    assert "ZeroDivisionError: division by zero" in details
    assert "ZeroDivisionError" in caplog.text  # the log keeps the traceback for support
