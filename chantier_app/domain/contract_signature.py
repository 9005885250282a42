"""The day a contract was signed (L1242-12, L1242-13 of the Code du travail).

A CDD (a CDDI, Premières Heures included) is written, and « transmis au salarié au plus
tard dans les deux jours ouvrables suivant l'embauche » (L1242-13). A signature after that
is not void (since the ordonnance 2017-1387, L1245-1 no longer requalifies the contract for
it; the employee may claim up to a month's wage), so it is a warning to acknowledge. A
signature in the future cannot be: it is refused. A signature before the start is the
usual case, and so is one before the hire was entered (the paper first, the file after).

*Jours ouvrables*: every day but Sunday and the public holidays (Saturday counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from chantier_app.domain.contract_dates import ONE_DAY
from chantier_app.domain.contract_limits import violation, warning
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr

HANDOVER_WORKING_DAYS = 2  # « deux jours ouvrables suivant l'embauche » (L1242-13)


def handover_deadline(start: dt.date, holidays: Collection[dt.date]) -> dt.date:
    """The last day the written contract may be handed over: the second jour ouvrable
    after the first day of work (a Friday's hire: Saturday, then Monday)."""
    day, counted = start, 0
    while counted < HANDOVER_WORKING_DAYS:
        day += ONE_DAY
        if day.weekday() != 6 and day not in holidays:  # Sunday is no jour ouvrable
            counted += 1
    return day


def check_signature(
    signed_on: dt.date, start: dt.date, today: dt.date, holidays: Collection[dt.date]
) -> list[Violation]:
    """A signature date after today is refused; one after the handover deadline warned."""
    if signed_on > today:
        return [
            violation(
                "signed_in_future",
                "signed_on",
                tr("la date est postérieure à aujourd'hui ({today}).").format(
                    today=format_date(today)
                ),
            )
        ]
    deadline = handover_deadline(start, holidays)
    if signed_on > deadline:
        return [
            warning(
                "signed_after_handover",
                "signed_on",
                tr(
                    "plus de deux jours ouvrables après l'embauche du {start} : le contrat "
                    "écrit est remis au salarié au plus tard le {deadline} (L1242-13). "
                    "Vérifiez la date."
                ).format(start=format_date(start), deadline=format_date(deadline)),
            )
        ]
    return []
