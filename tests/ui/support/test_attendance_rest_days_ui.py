"""The attendance dialog refuses a seventh day worked in the civil week (L3132-1) under the
participant's hours, stays open, and saves once that person is left out of the day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit

from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.ui.trainings.dialogs import AttendanceDialog
from tests.services.trainings.test_attendance_rest_days import make_week

SUNDAY = dt.date(2026, 3, 8)


def test_a_seventh_day_is_refused_under_the_persons_hours(qtbot, ctx, database) -> None:
    week = make_week(ctx, database)
    for day in (dt.date(2026, 3, 6), dt.date(2026, 3, 7)):  # six days worked by Saturday
        ctx.run(attendance.record_day, week["caces"], day, {week["caces_a"]: "7"})
    [sst] = [s for s in ctx.read(trainings.list_sessions) if s.id == week["sst"]]
    dialog = AttendanceDialog(ctx, sst, ctx.read(enrolments.list_enrolments, sst.id), SUNDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    lefevre = dialog.findChild(QLineEdit, f"minutes_{week['sst_a']}")
    diallo = dialog.findChild(QLineEdit, f"minutes_{week['sst_b']}")
    qtbot.keyClicks(lefevre, "7")
    qtbot.keyClicks(diallo, "7")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    message = dialog.findChild(QLabel, f"error_minutes_{week['sst_a']}").text()
    assert "7 jours travaillés, au plus 6 jours par semaine (repos hebdomadaire, L3132-1" in message
    assert dialog.findChild(QLabel, f"error_minutes_{week['sst_b']}").text() == ""
    assert dialog.isVisible() and ctx.read(attendance.day_attendance, sst.id, SUNDAY) == {}
    lefevre.clear()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert ctx.read(attendance.day_attendance, sst.id, SUNDAY) == {week["sst_b"]: 420}
