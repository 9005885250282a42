"""Reading what people type or what a spreadsheet holds: French dates, decimals and hours.

Each parser raises ``ValueError`` with a French message; callers turn it into a
``Violation`` naming their field.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from chantier_app.i18n import tr

_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_HOURS_COLON = re.compile(r"^(\d{1,4})\s*[:hH]\s*(\d{1,2})?$")
MAX_MINUTES = 100_000 * 60  # nothing sensible is larger


def parse_date(text: str | dt.date | dt.datetime | None) -> dt.date | None:
    """« 05/03/2026 », « 5/3/26 », « 2026-03-05 » or a spreadsheet date; empty -> None."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    cleaned = text.strip()
    if not cleaned:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        tr("« {text} » n'est pas une date (format attendu : jj/mm/aaaa)").format(text=cleaned)
    )


def parse_decimal(text: str | int | float | Decimal | None) -> Decimal | None:
    """« 1 234,5 » or « 1234.5 » -> Decimal; empty -> None."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    cleaned = (
        text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    )
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(tr("« {text} » n'est pas un nombre").format(text=text.strip())) from None
    if not value.is_finite():
        raise ValueError(tr("« {text} » n'est pas un nombre").format(text=text.strip()))
    return value


def parse_minutes(text: str | int | float | Decimal | None) -> int | None:
    """Hours as people write them -> integer minutes: « 7,5 », « 7.5 », « 7:30 », « 7h30 », « 7h ».

    Empty -> None. Negative values and more than a minute's precision are refused.
    """
    if text is None:
        return None
    if isinstance(text, str):
        cleaned = text.strip()
        if not cleaned:
            return None
        match = _HOURS_COLON.match(cleaned)
        if match:
            hours, minutes = int(match.group(1)), int(match.group(2) or 0)
            if minutes >= 60:
                raise ValueError(tr("« {text} » : les minutes vont de 0 à 59").format(text=cleaned))
            return _bounded(hours * 60 + minutes, cleaned)
        text = cleaned
    value = parse_decimal(text)
    if value is None:
        return None
    minutes_exact = value * 60
    if minutes_exact != minutes_exact.to_integral_value():
        raise ValueError(
            tr("« {text} » : précision à la minute au plus (ex. 7,5 ou 7:30)").format(text=text)
        )
    return _bounded(int(minutes_exact), str(text))


def _bounded(minutes: int, text: str) -> int:
    if minutes < 0:
        raise ValueError(
            tr("« {text} » : un nombre d'heures ne peut pas être négatif").format(text=text)
        )
    if minutes > MAX_MINUTES:
        raise ValueError(tr("« {text} » : valeur aberrante").format(text=text))
    return minutes


def clean_text(text: str | None) -> str | None:
    """Free text as stored: trimmed at both ends (its lines kept); blank -> None."""
    return (text or "").strip() or None


def clean_line(text: str | None) -> str | None:
    """One line as stored: every run of spaces, tabs or line breaks one space; blank -> None."""
    return " ".join((text or "").split()) or None
