"""The person employed in integration (salarié en insertion), eligibility and PASS IAE."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chantier_app.db.base import Base, Timestamped, Versioned
from chantier_app.db.cancellable import Cancellable
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import (
    Civility,
    DiagnosisAuthor,
    DurationBand,
    FrenchLevel,
    HousingSituation,
    Mobility,
    Nationality,
    NirMissingReason,
    RsaKind,
)
from chantier_app.domain.codes.referrers import Referrer


class Person(Base, Timestamped, Versioned):
    """Fields follow the State's employee record (fiche salarié sent to the ASP)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Identity
    civility: Mapped[Civility]
    usage_name: Mapped[str] = mapped_column(index=True)
    birth_name: Mapped[str | None]
    first_names: Mapped[str]
    birth_date: Mapped[dt.date | None]
    birth_place_code: Mapped[str | None] = mapped_column(sa.String(5))  # INSEE commune
    birth_place: Mapped[str | None]
    birth_country: Mapped[str | None]
    nationality: Mapped[Nationality | None]
    nir: Mapped[str | None] = mapped_column(sa.String(15), unique=True)
    nir_missing_reason: Mapped[NirMissingReason | None]
    # Contact
    address_line1: Mapped[str | None]
    address_line2: Mapped[str | None]
    postal_code: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None]
    # The ASP's address asks the INSEE code of the commune lived in (not its postal code).
    address_insee_code: Mapped[str | None] = mapped_column(sa.String(5))
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    email: Mapped[str | None]
    emergency_contact_name: Mapped[str | None]
    emergency_contact_phone: Mapped[str | None] = mapped_column(sa.String(30))
    # Situation
    ft_registered: Mapped[bool] = mapped_column(default=False)
    ft_id: Mapped[str | None] = mapped_column(sa.String(20))
    ft_registered_since: Mapped[dt.date | None]
    education_level: Mapped[EducationLevel | None]
    rsa: Mapped[RsaKind] = mapped_column(default=RsaKind.NONE)
    rsa_band: Mapped[DurationBand | None]
    ass: Mapped[bool] = mapped_column(default=False)
    ass_band: Mapped[DurationBand | None]
    aah: Mapped[bool] = mapped_column(default=False)
    aah_band: Mapped[DurationBand | None]
    rqth: Mapped[bool] = mapped_column(default=False)
    lone_parent: Mapped[bool] = mapped_column(default=False)
    housing: Mapped[HousingSituation | None]
    refugee: Mapped[bool] = mapped_column(default=False)
    released_from_detention: Mapped[bool] = mapped_column(default=False)
    qpv: Mapped[bool] = mapped_column(default=False)
    zrr: Mapped[bool] = mapped_column(default=False)
    mobility: Mapped[Mobility | None]
    french_level: Mapped[FrenchLevel | None]
    # Situation fields of the State's employee record (les emplois, employee_record
    # serializers: salarieEnEmploi, salarieSansEmploiDepuis, salarieSansRessource,
    # salarieAideSociale, salarieSortantASE, salarieOETH).
    employed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    unemployed_band: Mapped[DurationBand | None]
    resourceless: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    social_aid: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    ase_exit: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    oeth: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Referral and follow-up
    referrer: Mapped[Referrer | None]
    referrer_contact: Mapped[str | None]  # the referring counsellor (name, organisation)
    cip_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)  # ordinary notes, never health/justice
    archived_at: Mapped[dt.datetime | None]
    anonymised_at: Mapped[dt.datetime | None]

    diagnoses: Mapped[list[EligibilityDiagnosis]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="EligibilityDiagnosis.made_on",
    )
    passes: Mapped[list[PassIae]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PassIae.start_date"
    )

    @property
    def display_name(self) -> str:
        return f"{self.usage_name.upper()} {self.first_names}"


class EligibilityDiagnosis(Base, Timestamped, Versioned, Cancellable):
    """Diagnostic d'éligibilité IAE: the criteria met, with their proofs."""

    __tablename__ = "eligibility_diagnosis"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    made_on: Mapped[dt.date]
    author_kind: Mapped[DiagnosisAuthor]
    author_name: Mapped[str | None]  # prescriber organisation and counsellor
    author_staff_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship(back_populates="diagnoses")
    criteria: Mapped[list[EligibilityCriterionProof]] = relationship(
        back_populates="diagnosis", cascade="all, delete-orphan"
    )


class EligibilityCriterionProof(Base):
    """One criterion met in a diagnosis, with the proof seen (pièce justificative)."""

    __tablename__ = "eligibility_criterion"
    __table_args__ = (sa.UniqueConstraint("diagnosis_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(
        sa.ForeignKey("eligibility_diagnosis.id", ondelete="CASCADE")
    )
    criterion: Mapped[EligibilityCriterion]
    proof: Mapped[str | None]

    diagnosis: Mapped[EligibilityDiagnosis] = relationship(back_populates="criteria")


class PassIae(Base, Timestamped, Versioned, Cancellable):
    """The approval (PASS IAE): two years, moved by suspensions and prolongations."""

    __tablename__ = "pass_iae"
    # Unique among the PASS not cancelled (migration 0025): a number recorded on the wrong
    # person's file, cancelled there, is entered again on the right one.
    __table_args__ = (
        sa.Index(
            "uq_pass_iae_number",
            "number",
            unique=True,
            sqlite_where=sa.text("cancelled_at IS NULL"),
            postgresql_where=sa.text("cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(20))
    start_date: Mapped[dt.date]
    initial_end_date: Mapped[dt.date]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship(back_populates="passes")
    suspensions: Mapped[list[PassSuspension]] = relationship(
        back_populates="pass_iae",
        cascade="all, delete-orphan",
        order_by="PassSuspension.start_date",
    )
    prolongations: Mapped[list[PassProlongation]] = relationship(
        back_populates="pass_iae",
        cascade="all, delete-orphan",
        order_by="PassProlongation.start_date",
    )


class PassSuspension(Base, Timestamped, Versioned, Cancellable):
    __tablename__ = "pass_suspension"

    id: Mapped[int] = mapped_column(primary_key=True)
    pass_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pass_iae.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[PassSuspensionReason]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    pass_iae: Mapped[PassIae] = relationship(back_populates="suspensions")


class PassProlongation(Base, Timestamped, Versioned, Cancellable):
    __tablename__ = "pass_prolongation"

    id: Mapped[int] = mapped_column(primary_key=True)
    pass_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pass_iae.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[PassProlongationReason]
    decided_on: Mapped[dt.date | None]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    pass_iae: Mapped[PassIae] = relationship(back_populates="prolongations")
