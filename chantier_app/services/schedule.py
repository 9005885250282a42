"""The support schedule follows the contracts: milestones created and moved from their dates.

The contracts services call ``on_contract_changed`` after every hire, renewal, change of
dates, suspension or end, in the same transaction; the support area implements it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from chantier_app.services.context import Actor


def on_contract_changed(session: Session, actor: Actor, contract_id: int) -> None:
    """(Re)build the generated milestones of ``contract_id`` from its current dates."""
    return None
