"""Emit a Qt signal through Qt's meta-object system rather than ``signal.emit()``.

PySide6 6.12.0 drops a reference to ``True`` at every ``emit()`` made from Python; the
interpreter aborts when the count reaches zero (« bool_dealloc »), after a few thousand
emits. Emitting through ``QMetaObject.invokeMethod`` does not leak and reaches the same
connections (queued to other threads as usual). Used where signals are emitted often:
every keystroke of a search, every cell of the hours grid, every step of a batch.

6.12.0 also drops a reference to ``None`` at every Python slot a Qt signal calls, which no
helper can avoid: ``pyproject.toml`` requires a version before 6.12.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt


def emit(owner: QObject, signal: str, *arguments: tuple[type, Any]) -> None:
    """Emit ``owner.<signal>`` with ``(type, value)`` arguments, e.g. ``(int, 3)``."""
    QMetaObject.invokeMethod(
        owner,
        signal,
        Qt.ConnectionType.DirectConnection,
        *(Q_ARG(kind, value) for kind, value in arguments),
    )
