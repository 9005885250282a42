"""Trainings: sessions, enrolments and results, attendance day by day."""
