"""Reading what people type or what a spreadsheet holds: French dates, decimals and hours.

Each parser raises ``ValueError`` with a French message; callers turn it into a
``Violation`` naming their field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from chantier_app.domain.fr_format import MONTHS
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
    reason = _impossible_day(cleaned)
    if reason:
        raise ValueError(
            tr("« {text} » n'est pas une date : {reason}").format(text=cleaned, reason=reason)
        )
    raise ValueError(
        tr("« {text} » n'est pas une date (format attendu : jj/mm/aaaa)").format(text=cleaned)
    )


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _impossible_day(text: str) -> str | None:
    """Why a date written in the right form does not exist (« le 31 février 1990 n'existe
    pas »), or None when the text is not written as a date at all."""
    if match := _DAY_MONTH_YEAR.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:  # as strptime reads « 26 »: 1969-2068
            year += 2000 if year < 69 else 1900
    elif match := _YEAR_MONTH_DAY.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    if year < 1:
        return None
    if not 1 <= month <= 12:
        return tr("il n'y a pas de mois {month} (format attendu : jj/mm/aaaa)").format(month=month)
    name = MONTHS[month - 1]
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return tr("il n'y a pas de jour 0 (format attendu : jj/mm/aaaa)")
    if day <= days:  # it exists: the text failed for another reason
        return None
    return tr("le {day} {month} {year} n'existe pas ({month} {year} a {days} jours)").format(
        day=day, month=name, year=year, days=days
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


# Spaces a text may hold (the ordinary one, tabs, line breaks, no-break and typographic
# spaces). Not str.split()'s whitespace: it counts control characters (U+001C to U+001F,
# U+0085) as spaces, which would turn them silently into blanks instead of being refused.
_SPACES = " \t\r\n\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_SPACE_RUN = re.compile(f"[{re.escape(_SPACES)}]+")


def clean_text(text: str | None) -> str | None:
    """Free text as stored: in Unicode's composed form (NFC: « é » typed on a Mac or pasted
    from a PDF is the same letter as everywhere else, so searches and duplicates find it),
    Windows line ends made plain, trimmed at both ends (its lines kept); blank -> None."""
    composed = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n")
    return composed.strip(_SPACES) or None


def clean_line(text: str | None) -> str | None:
    """One line as stored: composed (NFC), every run of spaces, tabs or line breaks one
    space; blank -> None. Control characters stay, for the text rules to refuse."""
    composed = unicodedata.normalize("NFC", text or "")
    return _SPACE_RUN.sub(" ", composed).strip(" ") or None
