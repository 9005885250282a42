"""« Ce que la correction change » for a suspension corrected or cancelled and for a move
from Premières Heures to CDDI cancelled: read before saving, flagged when a month was
already declared to the ASP, and nothing written."""

from __future__ import annotations

import datetime as dt

from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.correction_consequences import ConsequenceKind as K
from chantier_app.services import contracts
from chantier_app.services.contracts import SuspensionInput
from chantier_app.services.contracts.event_corrections import SuspensionCorrection
from chantier_app.services.contracts.previews import (
    cancel_move_consequences,
    cancel_suspension_consequences,
    suspension_correction_consequences,
)
from chantier_app.services.hours import grid as hours
from tests.contract_factories import snapshot
from tests.services.contracts import test_event_corrections as events
from tests.services.contracts import test_move_corrections as moves
from tests.services.contracts.test_event_corrections import _hire

D = dt.date
OTHER = SuspensionReason.OTHER
place = events.place  # a person, a workshop, its team
world = moves.world  # Premières Heures from 05/01/2026 moved to a CDDI on 01/04/2026


def _lines(found) -> list[str]:
    return [c.line.replace("\u00a0", " ") for c in found]


def test_a_suspension_corrected_or_cancelled_tells_the_hours_planned_each_month(
    ctx, database, place
) -> None:
    contract_id = _hire(ctx, place)  # 26 h a week, from 01/01/2026
    view = ctx.run(
        contracts.suspend, SuspensionInput(contract_id, OTHER, D(2026, 3, 2), D(2026, 3, 13))
    )
    ctx.run(hours.declare_month, D(2026, 3, 1))
    before = snapshot(database)
    # 02/03-13/03 -> 09/03-03/04: March loses 7 more working days (26 h / 5 each), April
    # 3 (Easter Monday 06/04 is not one of them); March is declared: flagged.
    data = SuspensionCorrection(view.id, OTHER, D(2026, 3, 9), D(2026, 4, 3))
    found = ctx.read(suspension_correction_consequences, data)
    assert {c.kind for c in found} == {K.EXPECTED_HOURS}
    assert _lines(found) == [
        "Heures prévues de mars 2026 : 62,4 h → 26 h (déjà déclaré à l'ASP).",
        "Heures prévues d'avril 2026 : 109,2 h → 93,6 h.",
    ]
    # The same dates: nothing planned changes.
    same = SuspensionCorrection(view.id, OTHER, D(2026, 3, 2), D(2026, 3, 13), notes="RAS")
    assert ctx.read(suspension_correction_consequences, same) == []
    assert _lines(ctx.read(cancel_suspension_consequences, view.id)) == [
        "Heures prévues de mars 2026 : 62,4 h → 114,4 h (déjà déclaré à l'ASP)."
    ]
    assert snapshot(database) == before  # a preview writes nothing


def test_a_move_cancelled_tells_the_first_hours_back_and_the_cddi_gone(
    ctx, database, world
) -> None:
    ctx.run(hours.declare_month, D(2026, 4, 1))  # the CDDI's first month
    before = snapshot(database)
    found = ctx.read(cancel_move_consequences, world["cddi"])
    assert found == ctx.read(cancel_move_consequences, world["first"])  # from either line
    # The Premières Heures run again to 04/07 (a line in April's statement, their
    # milestones back); the CDDI's milestones and its line in April's statement go.
    assert _lines(found) == [
        "Relevé mensuel d'avril 2026 : une ligne s'ajoute pour les Premières Heures (déjà déclaré à l'ASP).",
        "Bilan à 3 mois : ajouté, prévu le 05/04/2026.",
        "Bilan avant renouvellement : ajouté, prévu le 04/06/2026.",
        "Bilan à 3 mois prévu le 01/07/2026 : retiré avec le CDDI.",
        "Bilan avant renouvellement prévu le 30/08/2026 : retiré avec le CDDI.",
        "Bilan de sortie prévu le 30/09/2026 : retiré avec le CDDI.",
        "Suivi 3 mois après la sortie prévu le 30/12/2026 : retiré avec le CDDI.",
        "Suivi 6 mois après la sortie prévu le 30/03/2027 : retiré avec le CDDI.",
        "Relevé mensuel d'avril 2026 : la ligne du CDDI disparaît (déjà déclaré à l'ASP).",
    ]
    # The CDDI goes with the cancellation: it is no neighbour the reopened Premières Heures
    # would overlap.
    assert not [c for c in found if c.kind is K.CHAIN]
    assert snapshot(database) == before
