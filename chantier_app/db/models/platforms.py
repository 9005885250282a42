"""Work with the State's platforms: hires imported from les emplois, bilans d'accompagnement
handed to prescribers, yearly reports frozen as presented to the State."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from chantier_app.db.base import Base, Timestamped
from chantier_app.domain.codes.platform_codes import HandoverMeans, PathReportRecipient
from chantier_app.domain.codes.referrers import Referrer


class EmploisHire(Base, Timestamped):
    """One accepted application of les emplois de l'inclusion, as its export gave it.

    ``row_key`` identifies the application whatever the file it came in (names, birth date,
    application date, hiring start): importing the same export again finds it and changes
    nothing. The contract is completed by the team (``contract_id`` once it is recorded).
    """

    __tablename__ = "emplois_hire"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    row_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    applied_on: Mapped[dt.date | None]
    hiring_start: Mapped[dt.date | None]
    hiring_end: Mapped[dt.date | None]
    jobs: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[
        str | None
    ]  # « Prescripteur habilité », « Orienteur », « Candidature spontanée »…
    prescriber_organisation: Mapped[str | None]
    prescriber_user: Mapped[str | None]
    referrer: Mapped[Referrer | None]
    # « Éligibilité IAE validée » on the platform: a prescriber's diagnosis is valid there.
    eligibility_validated: Mapped[bool] = mapped_column(default=False)
    eligible_for_control: Mapped[bool] = mapped_column(default=False)
    pass_number: Mapped[str | None] = mapped_column(sa.String(20))
    pass_start: Mapped[dt.date | None]
    pass_end: Mapped[dt.date | None]
    pass_status: Mapped[str | None] = mapped_column(sa.String(60))
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="SET NULL"), index=True
    )
    file_name: Mapped[str | None]
    imported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )


class PathReport(Base, Timestamped):
    """Bilan d'accompagnement: what the CIP shares with the prescriber at the end of a path.

    ``content`` holds the sections as the CIP reviewed and edited them (JSON), so the PDF
    reprints as it was handed over. Once handed over it is never edited again.
    """

    __tablename__ = "path_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="SET NULL")
    )
    recipient_kind: Mapped[PathReportRecipient]
    recipient_name: Mapped[str | None]
    recipient_organisation: Mapped[str | None]
    written_on: Mapped[dt.date]
    content: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))
    author_name: Mapped[str | None]
    handed_over_on: Mapped[dt.date | None]
    handed_over_to: Mapped[str | None]
    handover_means: Mapped[HandoverMeans | None]
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)


class FrozenYearlyReport(Base, Timestamped):
    """The yearly report (dialogue de gestion) as presented to the State, figures kept as JSON:
    later corrections of hours or exits never change what was shown."""

    __tablename__ = "frozen_yearly_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    frozen_at: Mapped[dt.datetime]
    frozen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))
    frozen_by_name: Mapped[str | None]
    label: Mapped[str]
    payload: Mapped[str] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
