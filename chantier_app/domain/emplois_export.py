"""The XLSX export of job applications of les emplois de l'inclusion, read row by row.

Its columns are those of ``JOB_APPLICATION_XSLX_FORMAT`` in
``itou/job_applications/export.py`` (gip-inclusion/les-emplois): dates are Excel dates
(dd/mm/yyyy as shown; text dates are read too), states and PASS states are the platform's
labels (« Candidature acceptée », « Candidature déclinée »…, « Valide », « Expiré »…).
When the exporting user may not see a person's identity, the platform masks it
(``mask_unless``: each word becomes its first letter and « … ») and leaves the birth date,
e-mail and phone empty: such a row cannot be matched with anyone and is never imported.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.fr_format import match_key
from chantier_app.domain.parsing import parse_date
from chantier_app.i18n import tr

# The platform's headers (the apostrophes are typographic, « ’ », in its file).
HEADERS = (
    "Civilité candidat", "Nom candidat", "Prénom candidat", "Email candidat",
    "Téléphone candidat", "Date de naissance candidat", "Ville candidat",
    "Département candidat", "Nom structure employeur", "Type employeur", "Métiers",
    "Source de la candidature", "Nom organisation prescripteur", "Nom utilisateur prescripteur",
    "Date de la candidature", "Statut de la candidature", "Dates de début d’embauche",
    "Dates de fin d’embauche", "Motifs de refus", "Éligibilité IAE validée",
    "Eligible au contrôle", "Numéro PASS IAE", "Début PASS IAE", "Fin PASS IAE",
    "Statut PASS IAE",
)  # fmt: skip
# The columns an import cannot do without.
REQUIRED = ("Nom candidat", "Prénom candidat", "Date de naissance candidat",
            "Statut de la candidature", "Dates de début d’embauche")  # fmt: skip
ACCEPTED = "Candidature acceptée"
REFUSED = "Candidature déclinée"
_MASKED_WORD = re.compile(r"^\w(?:…|\.\.\.)$")
Cell = object  # what a spreadsheet cell holds: text, number, date or nothing


class RowKind(enum.StrEnum):
    HIRE = "hire"  # an accepted application: imported
    MASKED = "masked"  # identity hidden by the platform: listed, not imported
    REFUSED = "refused"  # « Candidature déclinée »: listed, not imported
    OTHER = "other"  # any other state (new, cancelled, hired elsewhere…): listed
    INVALID = "invalid"  # a value cannot be read: listed with the reason


@dataclass(frozen=True)
class EmploisRow:
    """One line of the export, read; ``kind`` says what the import does with it."""

    line: int
    kind: RowKind
    reason: str  # why it is not imported ("" for a hire)
    civility: Civility | None = None
    last_name: str = ""
    first_names: str = ""
    email: str | None = None
    phone: str | None = None
    birth_date: dt.date | None = None
    city: str | None = None
    postal_code: str | None = None
    employer: str | None = None
    jobs: str | None = None
    source: str | None = None
    prescriber_organisation: str | None = None
    prescriber_user: str | None = None
    applied_on: dt.date | None = None
    status: str = ""
    hiring_start: dt.date | None = None
    hiring_end: dt.date | None = None
    refusal_reason: str | None = None
    eligibility_validated: bool = False
    eligible_for_control: bool = False
    pass_number: str | None = None
    pass_start: dt.date | None = None
    pass_end: dt.date | None = None
    pass_status: str | None = None

    @property
    def name(self) -> str:
        return f"{self.last_name.upper()} {self.first_names}".strip()

    @property
    def identity_key(self) -> tuple[str, str, dt.date | None]:
        """Who the row is about: names (accents, case and hyphens aside) and birth date."""
        return match_key(self.last_name), match_key(self.first_names), self.birth_date

    @property
    def row_key(self) -> str:
        """The application, whatever the file it comes in: the same in every export."""
        parts = [*map(str, self.identity_key), str(self.applied_on), str(self.hiring_start),
                 match_key(self.employer)]  # fmt: skip
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


def header_map(headers: list[str]) -> dict[str, int]:
    """The platform's header -> its column in the file (apostrophes and case aside)."""
    wanted = {match_key(h): h for h in HEADERS}
    return {wanted[key]: i for i, h in enumerate(headers) if (key := match_key(h)) in wanted}


def missing_headers(found: Mapping[str, int]) -> list[str]:
    return [h.replace("’", "'") for h in REQUIRED if h not in found]


def is_masked(text: str | None) -> bool:
    """« J… D… »: every word a letter and an ellipsis (the platform's ``mask_unless``)."""
    words = (text or "").split()
    return bool(words) and all(_MASKED_WORD.match(w) for w in words)


def _text(value: Cell) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: Cell, label: str) -> dt.date | None:
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return parse_date(_text(value))
    except ValueError as exc:
        raise ValueError(f"{label} : {exc}") from None


def _yes(value: Cell) -> bool:
    return match_key(_text(value)) in ("oui", "yes", "true", "1")


def _civility(text: str | None) -> Civility | None:
    key = match_key(text)
    if key in ("m", "mr", "monsieur"):
        return Civility.MR
    if key in ("mme", "madame", "mlle"):
        return Civility.MRS
    return None


def _postal_code(text: str | None) -> str | None:
    """« Département candidat » holds the person's postal code (``job_seeker.post_code``)."""
    digits = (text or "").replace(" ", "")
    return digits if re.fullmatch(r"\d{5}", digits) else None


def read_row(line: int, cells: Mapping[str, Cell]) -> EmploisRow:
    """One row of the export, by header; never raises (a bad value makes an INVALID row)."""
    get = cells.get
    status = _text(get("Statut de la candidature")) or ""
    last, first = _text(get("Nom candidat")) or "", _text(get("Prénom candidat")) or ""
    bare = EmploisRow(line, RowKind.HIRE, "", last_name=last, first_names=first, status=status)
    if is_masked(last) or is_masked(first):
        reason = tr("identité masquée par la plateforme (vous n'avez pas accès à ses données)")
        return replace(bare, kind=RowKind.MASKED, reason=reason)
    try:
        birth = _date(get("Date de naissance candidat"), tr("Date de naissance"))
        applied = _date(get("Date de la candidature"), tr("Date de la candidature"))
        start = _date(get("Dates de début d’embauche"), tr("Début d'embauche"))
        end = _date(get("Dates de fin d’embauche"), tr("Fin d'embauche"))
        pass_start = _date(get("Début PASS IAE"), tr("Début du PASS IAE"))
        pass_end = _date(get("Fin PASS IAE"), tr("Fin du PASS IAE"))
    except ValueError as exc:
        return replace(bare, kind=RowKind.INVALID, reason=str(exc))
    row = replace(
        bare,
        civility=_civility(_text(get("Civilité candidat"))),
        email=_text(get("Email candidat")),
        phone=_text(get("Téléphone candidat")),
        birth_date=birth,
        city=_text(get("Ville candidat")),
        postal_code=_postal_code(_text(get("Département candidat"))),
        employer=_text(get("Nom structure employeur")),
        jobs=_text(get("Métiers")),
        source=_text(get("Source de la candidature")),
        prescriber_organisation=_text(get("Nom organisation prescripteur")),
        prescriber_user=_text(get("Nom utilisateur prescripteur")),
        applied_on=applied,
        hiring_start=start,
        hiring_end=end,
        refusal_reason=_text(get("Motifs de refus")),
        eligibility_validated=_yes(get("Éligibilité IAE validée")),
        eligible_for_control=_yes(get("Eligible au contrôle")),
        pass_number=re.sub(r"\s", "", _text(get("Numéro PASS IAE")) or "") or None,
        pass_start=pass_start,
        pass_end=pass_end,
        pass_status=_text(get("Statut PASS IAE")),
    )
    if status == REFUSED:
        reason = tr("candidature déclinée")
        if row.refusal_reason:
            reason += f" ({row.refusal_reason})"
        return replace(row, kind=RowKind.REFUSED, reason=reason)
    if status != ACCEPTED:
        reason = tr("statut « {status} » : pas une embauche").format(status=status or tr("vide"))
        return replace(row, kind=RowKind.OTHER, reason=reason)
    if birth is None:
        reason = tr("date de naissance absente (masquée par la plateforme)")
        return replace(row, kind=RowKind.MASKED, reason=reason)
    if not last or not first:
        return replace(row, kind=RowKind.INVALID, reason=tr("nom ou prénom absent"))
    if start is None:
        return replace(row, kind=RowKind.INVALID, reason=tr("date de début d'embauche absente"))
    return row


# The orienteur (ASP code) -----------------------------------------------------------------
# Words of a prescriber organisation's name on the platform -> the ASP's orienteur code
# (ref_orienteur_v5). The platform names organisations freely (« France Travail - Agence
# Paris 19 », « Mission Locale de Paris »): the first match wins, longest words first.
_ORGANISATION_WORDS = (
    ("france travail", Referrer.FRANCE_TRAVAIL),
    ("pole emploi", Referrer.FRANCE_TRAVAIL),
    ("mission locale", Referrer.MISSION_LOCALE),
    ("cap emploi", Referrer.CAP_EMPLOI),
    ("plie", Referrer.PLIE),
    ("spip", Referrer.SPIP),
    ("penitentiaire", Referrer.SPIP),
    ("pjj", Referrer.PJJ),
    ("protection judiciaire", Referrer.PJJ),
    ("ccas", Referrer.CCAS),
    ("cias", Referrer.CCAS),
    ("chrs", Referrer.CHRS),
    ("cidff", Referrer.CIDFF),
    ("prevention", Referrer.PREVENTION),
    ("afpa", Referrer.AFPA),
    ("bij", Referrer.PIJ_BIJ),
    ("pij", Referrer.PIJ_BIJ),
    ("caf", Referrer.CAF),
    ("cada", Referrer.CADA),
    ("aide sociale a l enfance", Referrer.ASE),
    ("ase", Referrer.ASE),
    ("cava", Referrer.CAVA),
    ("cph", Referrer.CPH),
    ("chu", Referrer.CHU),
    ("oacas", Referrer.OACAS),
    ("departement", Referrer.DEPARTMENT_SOCIAL_SERVICE),
    ("departemental", Referrer.DEPARTMENT_SOCIAL_SERVICE),
    ("conseil general", Referrer.DEPARTMENT_SOCIAL_SERVICE),
)


def referrer_for(source: str | None, organisation: str | None) -> Referrer:
    """The ASP orienteur code, as the platform derives it (``asp_prescriber_type``): a
    spontaneous or employer application is 07, a non-authorised prescriber 08, an
    authorised one after its organisation (06 when the kind is not recognised)."""
    kind = match_key(source)
    if kind in ("candidature spontanee", "employeur", "ma structure"):
        return Referrer.SPONTANEOUS
    if kind == "orienteur":
        return Referrer.ORIENTEUR
    words = f" {match_key(organisation)} "
    for word, referrer in _ORGANISATION_WORDS:
        if f" {word} " in words:
            return referrer
    return Referrer.OTHER_PRESCRIBER if kind == "prescripteur habilite" else Referrer.UNKNOWN
