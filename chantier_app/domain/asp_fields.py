"""The employee record's shared pieces: a field, its state, its groups; the situation part
(resources, France Travail, barriers as booleans, duration bands) of ``domain.asp_record``."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chantier_app.domain.codes.person_codes import (
    DurationBand,
    FrenchLevel,
    HousingSituation,
    Mobility,
    RsaKind,
)
from chantier_app.i18n import tr

if TYPE_CHECKING:
    from chantier_app.domain.asp_record import AspSource

MAX_FT_ID = 11
# The ASP's codes of the duration bands (ref_duree_allocation_emploi_v2).
BAND_CODES = {
    DurationBand.UNDER_6M: "01",
    DurationBand.FROM_6_TO_11M: "02",
    DurationBand.FROM_12_TO_23M: "03",
    DurationBand.AT_LEAST_24M: "04",
}
RSA_CODES = {RsaKind.NONE: "NON", RsaKind.INCREASED: "OUI-M", RsaKind.NOT_INCREASED: "OUI-NM"}
# « Personne sans hébergement ou hébergée ou ayant un parcours de rue » (salarieHebergement).
HOUSING_ISSUE = frozenset(
    {
        HousingSituation.FAMILY,
        HousingSituation.HOSTEL,
        HousingSituation.EMERGENCY,
        HousingSituation.HOMELESS,
    }
)
_FT_ID = re.compile(r"^(?:\d{7}[0-9A-Z]|\d{11})$")


class FieldStatus(enum.StrEnum):
    OK = "ok"
    MISSING = "missing"  # required by the ASP and not recorded
    INVALID = "invalid"  # recorded, but the ASP would refuse it
    WARNING = "warning"  # sent changed (cut, dropped): check before typing
    OPTIONAL = "optional"  # not required, not recorded
    HIDDEN = "hidden"  # a health, disability or justice fact the actor may not see

    @property
    def label(self) -> str:
        return {
            FieldStatus.OK: tr("Prêt"),
            FieldStatus.MISSING: tr("Manquant"),
            FieldStatus.INVALID: tr("Invalide"),
            FieldStatus.WARNING: tr("À vérifier"),
            FieldStatus.OPTIONAL: tr("Facultatif"),
            FieldStatus.HIDDEN: tr("Réservé"),
        }[self]

    @property
    def blocking(self) -> bool:
        return self in (FieldStatus.MISSING, FieldStatus.INVALID)


@dataclass(frozen=True)
class AspField:
    """One field of the record: the Extranet's label, what to type, its state."""

    group: str
    key: str  # the ASP's name of the field (passIae, nomUsage…)
    label: str
    value: str  # what to type in the Extranet ("" when nothing can be typed)
    status: FieldStatus
    message: str = ""  # what is missing or wrong, naming the application's field
    source: str | None = None  # the application's field to correct (PersonInput's name)


PERSON = tr("Personne physique")
ADDRESS = tr("Adresse")
SITUATION = tr("Situation du salarié")
STRUCTURE = tr("Structure")


def yes_no(value: bool) -> str:
    return tr("Oui") if value else tr("Non")


def field(
    group: str,
    key: str,
    label: str,
    value: str,
    *,
    source: str | None,
    missing: str | None = None,
    status: FieldStatus | None = None,
    message: str = "",
) -> AspField:
    """A field: missing (with ``missing`` as its message) when ``value`` is empty."""
    if status is None:
        status = FieldStatus.MISSING if not value and missing is not None else FieldStatus.OK
        if not value and missing is None:
            status = FieldStatus.OPTIONAL
        if status is FieldStatus.MISSING:
            message = missing or ""
    return AspField(group, key, label, value, status, message, source)


def band_text(band: DurationBand) -> str:
    return f"{BAND_CODES[band]} – {band.label}"


def band_since(since: dt.date, day: dt.date) -> DurationBand:
    """The duration band of a situation that started on ``since``, on ``day``."""
    months = (day.year - since.year) * 12 + day.month - since.month - (day.day < since.day)
    if months < 6:
        return DurationBand.UNDER_6M
    if months < 12:
        return DurationBand.FROM_6_TO_11M
    if months < 24:
        return DurationBand.FROM_12_TO_23M
    return DurationBand.AT_LEAST_24M


def _band_field(
    key: str, label: str, has: bool, band: DurationBand | None, source: str, what: str
) -> AspField:
    if not has:
        return AspField(SITUATION, key, label, "", FieldStatus.OPTIONAL, "", source)
    if band is None:
        return AspField(
            SITUATION, key, label, "", FieldStatus.MISSING,
            tr("{what} : la durée est obligatoire (moins de 6 mois, 6 à 11, 12 à 23, 24 et plus).")
            .format(what=what),
            source,
        )  # fmt: skip
    return AspField(SITUATION, key, label, band_text(band), FieldStatus.OK, "", source)


def _bool(key: str, label: str, value: bool, source: str) -> AspField:
    return AspField(SITUATION, key, label, yes_no(value), FieldStatus.OK, "", source)


_f = field


def situation_fields(s: AspSource) -> list[AspField]:
    out = [
        _f(SITUATION, "orienteur", tr("Orienteur"),
           f"{s.referrer.value} – {s.referrer.label}" if s.referrer else "", source="referrer",
           missing=tr("Orienteur : obligatoire (qui a orienté la personne)."))
    ]  # fmt: skip
    out.append(
        _f(SITUATION, "niveauFormation", tr("Niveau de formation"),
           f"{s.education_level.value} – {s.education_level.label}" if s.education_level else "",
           source="education_level", missing=tr("Niveau de formation : obligatoire."))
    )  # fmt: skip
    out.append(_bool("salarieEnEmploi", tr("En emploi à l'embauche"), s.employed, "employed"))
    if s.employed:
        out.append(
            AspField(SITUATION, "salarieTypeEmployeur", tr("Type d'employeur"), "",
                     FieldStatus.MISSING,
                     tr("Type d'employeur : la personne était en emploi ; choisissez-le dans "
                        "l'Extranet (entreprise d'insertion, autre…)."),
                     "employed")
        )  # fmt: skip
    out.append(
        _band_field("salarieSansEmploiDepuis", tr("Sans emploi depuis"), not s.employed,
                    s.unemployed_band, "unemployed_band", tr("Sans emploi depuis"))
    )  # fmt: skip
    out.append(_bool("salarieSansRessource", tr("Sans ressources"), s.resourceless,
                     "resourceless"))  # fmt: skip
    out += _france_travail(s)
    out.append(_bool("salarieRQTH", tr("RQTH"), s.rqth, "rqth"))
    out.append(_bool("salarieOETH", tr("OETH"), s.oeth, "oeth"))
    out.append(_bool("salarieAideSociale", tr("Aide sociale"), s.social_aid, "social_aid"))
    rsa = RSA_CODES[s.rsa]
    out.append(AspField(SITUATION, "salarieBenefRSA", tr("Bénéficiaire du RSA"),
                        f"{rsa} – {s.rsa.label}", FieldStatus.OK, "", "rsa"))  # fmt: skip
    out.append(_band_field("salarieBenefRSADepuis", tr("RSA depuis"), s.rsa is not RsaKind.NONE,
                           s.rsa_band, "rsa_band", tr("RSA")))  # fmt: skip
    out.append(_bool("salarieBenefASS", tr("Bénéficiaire de l'ASS"), s.ass, "ass"))
    out.append(_band_field("salarieBenefASSDepuis", tr("ASS depuis"), s.ass, s.ass_band,
                           "ass_band", tr("ASS")))  # fmt: skip
    out.append(_bool("salarieBenefAAH", tr("Bénéficiaire de l'AAH"), s.aah, "aah"))
    out.append(_band_field("salarieBenefAAHDepuis", tr("AAH depuis"), s.aah, s.aah_band,
                           "aah_band", tr("AAH")))  # fmt: skip
    out.append(_bool("salarieSortantASE", tr("Sortant de l'ASE"), s.ase_exit, "ase_exit"))
    out.append(_bool("salarieParentIsole", tr("Parent isolé"), s.lone_parent, "lone_parent"))
    if s.housing is None:
        out.append(AspField(SITUATION, "salarieHebergement", tr("Sans hébergement ou hébergé"),
                            "", FieldStatus.MISSING,
                            tr("Hébergement : obligatoire (situation de logement)."), "housing"))  # fmt: skip
    else:
        out.append(_bool("salarieHebergement", tr("Sans hébergement ou hébergé"),
                         s.housing in HOUSING_ISSUE, "housing"))  # fmt: skip
    out.append(_bool("salarieRefugie", tr("Réfugié ou protection subsidiaire"), s.refugee,
                     "refugee"))  # fmt: skip
    out.append(_bool("salarieSortantDetention", tr("Sortant de détention ou sous main de justice"),
                     s.released_from_detention, "released_from_detention"))  # fmt: skip
    out.append(french_field(s.french_level))
    if s.mobility is None:
        out.append(AspField(SITUATION, "salarieMobilite", tr("Problème de mobilité"), "",
                            FieldStatus.MISSING, tr("Mobilité : obligatoire."), "mobility"))  # fmt: skip
    else:
        out.append(_bool("salarieMobilite", tr("Problème de mobilité"),
                         s.mobility is Mobility.LIMITED, "mobility"))  # fmt: skip
    return out


def does_not_master_french(level: FrenchLevel) -> bool:
    """``salarieLangueFrancaise`` since 9 July 2026: true when French is below level A1."""
    return level is FrenchLevel.BELOW_A1


def french_field(level: FrenchLevel | None) -> AspField:
    label = tr("Ne maîtrise pas le français (niveau inférieur à A1)")
    if level is None:
        return AspField(SITUATION, "salarieLangueFrancaise", label, "", FieldStatus.MISSING,
                        tr("Niveau de français : obligatoire."), "french_level")  # fmt: skip
    return AspField(
        SITUATION, "salarieLangueFrancaise", label, yes_no(does_not_master_french(level)),
        FieldStatus.OK,
        tr("Depuis le 9 juillet 2026, « Oui » signifie que la personne ne maîtrise pas le français."),
        "french_level",
    )  # fmt: skip


def _france_travail(s: AspSource) -> list[AspField]:
    out = [_bool("inscritPoleEmploi", tr("Inscrit à France Travail"), s.ft_registered,
                 "ft_registered")]  # fmt: skip
    if not s.ft_registered:
        out.append(AspField(SITUATION, "inscritPoleEmploiDepuis", tr("Inscrit depuis"), "",
                            FieldStatus.OPTIONAL, "", "ft_registered_since"))  # fmt: skip
        out.append(AspField(SITUATION, "numeroIDE", tr("Identifiant France Travail"), "",
                            FieldStatus.OPTIONAL, "", "ft_id"))  # fmt: skip
        return out
    if s.ft_registered_since is None:
        out.append(AspField(SITUATION, "inscritPoleEmploiDepuis", tr("Inscrit depuis"), "",
                            FieldStatus.MISSING,
                            tr("Inscrit à France Travail depuis : la date est obligatoire."),
                            "ft_registered_since"))  # fmt: skip
    else:
        band = band_since(s.ft_registered_since, s.hiring_date or s.ft_registered_since)
        out.append(AspField(SITUATION, "inscritPoleEmploiDepuis", tr("Inscrit depuis"),
                            band_text(band), FieldStatus.OK, "", "ft_registered_since"))  # fmt: skip
    ft_id = (s.ft_id or "").replace(" ", "").upper()
    if not ft_id:
        out.append(AspField(SITUATION, "numeroIDE", tr("Identifiant France Travail"), "",
                            FieldStatus.MISSING,
                            tr("Identifiant France Travail : obligatoire pour une personne inscrite."),
                            "ft_id"))  # fmt: skip
    elif len(ft_id) > MAX_FT_ID or not _FT_ID.match(ft_id):
        out.append(AspField(SITUATION, "numeroIDE", tr("Identifiant France Travail"), ft_id,
                            FieldStatus.INVALID,
                            tr("Identifiant France Travail : 7 chiffres et un chiffre ou une "
                               "lettre, ou 11 chiffres."),
                            "ft_id"))  # fmt: skip
    else:
        out.append(AspField(SITUATION, "numeroIDE", tr("Identifiant France Travail"), ft_id,
                            FieldStatus.OK, "", "ft_id"))  # fmt: skip
    return out
