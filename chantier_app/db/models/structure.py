"""The association itself: settings, yearly conventions, workshops, teams, staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chantier_app.db.base import Base, Timestamped
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role, role_title

DEFAULT_ANNUAL_FULLTIME_MINUTES = 1607 * 60


class Structure(Base, Timestamped):
    """The one row of settings of the association (structure porteuse)."""

    __tablename__ = "structure"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    siret: Mapped[str | None] = mapped_column(sa.String(14))
    address_line1: Mapped[str | None]
    address_line2: Mapped[str | None]
    postal_code: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None]
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    email: Mapped[str | None]
    director_name: Mapped[str | None]
    # Subdivision code for public holidays (holidays.France subdiv), e.g. "57" for Moselle.
    holiday_region: Mapped[str | None] = mapped_column(sa.String(10))
    annual_fulltime_minutes: Mapped[int] = mapped_column(default=DEFAULT_ANNUAL_FULLTIME_MINUTES)
    hourly_wage: Mapped[Decimal | None]
    retention_support_years: Mapped[int] = mapped_column(default=2)
    retention_hr_years: Mapped[int] = mapped_column(default=5)
    idle_lock_minutes: Mapped[int] = mapped_column(default=15)
    cip_sees_all_sensitive: Mapped[bool] = mapped_column(default=False)
    # The support schedule generated from each contract (domain/schedule.py).
    schedule_diagnosis_months: Mapped[int] = mapped_column(default=1, server_default="1")
    schedule_plan_months: Mapped[int] = mapped_column(default=2, server_default="2")
    schedule_renewal_months: Mapped[int] = mapped_column(default=1, server_default="1")
    schedule_reviews: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    schedule_follow_ups: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    is_demo: Mapped[bool] = mapped_column(default=False)


class Convention(Base, Timestamped):
    """Yearly agreement with the State: funded FTE (ETP conventionnés), per workshop or global."""

    __tablename__ = "convention"
    __table_args__ = (sa.UniqueConstraint("year", "workshop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="RESTRICT")
    )
    funded_fte: Mapped[Decimal]
    reference: Mapped[str | None]
    aid_amount: Mapped[Decimal | None]
    # The convention's exit targets, in percent of the exits counted (sorties dynamiques,
    # and among them emploi durable): the control file compares the year's rates to them.
    target_dynamic_rate: Mapped[Decimal | None]
    target_sustainable_rate: Mapped[Decimal | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    workshop: Mapped[Workshop | None] = relationship()


class Workshop(Base, Timestamped):
    """An atelier / chantier (e.g. "Nettoyage", remobilisant; "Restauration", qualifiant)."""

    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    contract_kind: Mapped[ContractKind] = mapped_column(default=ContractKind.CDDI_REMOBILISING)
    activity: Mapped[str | None]
    default_weekly_minutes: Mapped[int | None]
    target_diploma: Mapped[str | None]
    training_provider: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)

    teams: Mapped[list[Team]] = relationship(back_populates="workshop", order_by="Team.name")


staff_team = sa.Table(
    "staff_team",
    Base.metadata,
    sa.Column("staff_id", sa.ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("team_id", sa.ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
)


class Team(Base, Timestamped):
    """A team of a workshop, led by one or more encadrants techniques."""

    __tablename__ = "team"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="RESTRICT"))
    name: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)

    workshop: Mapped[Workshop] = relationship(back_populates="teams")
    supervisors: Mapped[list[Staff]] = relationship(secondary=staff_team, back_populates="teams")


class Staff(Base, Timestamped):
    """A member of staff (salarié permanent) who uses the application."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str]
    first_name: Mapped[str]
    role: Mapped[Role]
    # M. / Mme: the role's title in the feminine or masculine; None = the neutral label.
    civility: Mapped[Civility | None]
    login: Mapped[str | None] = mapped_column(sa.String(60), unique=True)
    password_hash: Mapped[str | None]
    must_change_password: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None]
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]

    teams: Mapped[list[Team]] = relationship(secondary=staff_team, back_populates="supervisors")

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def role_title(self) -> str:
        return role_title(self.role, self.civility)
