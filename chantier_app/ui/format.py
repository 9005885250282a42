"""Formatting for screens: the same French formats as printed documents."""

from chantier_app.domain.fr_format import format_date, format_minutes, format_month, format_number

__all__ = ["format_date", "format_minutes", "format_month", "format_number"]
