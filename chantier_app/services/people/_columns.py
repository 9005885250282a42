"""How spreadsheet columns and cells map to the employee record's fields."""

from __future__ import annotations

import functools

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.codes.person_codes import (
    Civility,
)
from chantier_app.domain.fr_format import match_key
from chantier_app.domain.person_record import FIELD_LABELS
from chantier_app.i18n import tr

# Headers people write in their own spreadsheets, besides the exact field names.
_ALIASES = {
    "nom": "usage_name",
    "nom de famille": "usage_name",
    "prenom": "first_names",
    "prenoms": "first_names",
    "prenom(s)": "first_names",
    "date naissance": "birth_date",
    "ne le": "birth_date",
    "ne(e) le": "birth_date",
    "sexe": "civility",
    "numero de securite sociale": "nir",
    "n° de securite sociale": "nir",
    "n° securite sociale": "nir",
    "securite sociale": "nir",
    "nss": "nir",
    "courriel": "email",
    "mail": "email",
    "email": "email",
    "adresse e-mail": "email",
    "tel": "phone",
    "tel.": "phone",
    "portable": "phone",
    "cp": "postal_code",
    "commune": "city",
    "adresse 1": "address_line1",
    "adresse 2": "address_line2",
    "identifiant pole emploi": "ft_id",
    "id france travail": "ft_id",
    "niveau": "education_level",
    "prescripteur": "referrer",
    "cip": "cip_id",
    "referent": "cip_id",
    "equipe": "team_id",
}
_LOOKUP = {match_key(label): name for name, label in FIELD_LABELS.items()} | {
    match_key(alias): name for alias, name in _ALIASES.items()
}
_CIVILITY_WORDS = {
    "monsieur": Civility.MR,
    "m": Civility.MR,
    "mr": Civility.MR,
    "h": Civility.MR,
    "homme": Civility.MR,
    "madame": Civility.MRS,
    "mme": Civility.MRS,
    "mlle": Civility.MRS,
    "f": Civility.MRS,
    "femme": Civility.MRS,
}
_TRUE = frozenset({"oui", "o", "x", "1", "vrai", "yes", "y"})
_FALSE = frozenset({"non", "n", "0", "faux", "no", ""})


def field_for_header(header: str) -> str | None:
    return _LOOKUP.get(match_key(header))


def parse_bool(text: str | None) -> bool:
    value = match_key(text)
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(tr("« {text} » : oui ou non attendu").format(text=text))


def parse_code(enum: type[CodeEnum], text: str) -> CodeEnum:
    """A member from its code (« 03 », « MME ») or its label (« France Travail »)."""
    key = match_key(text)
    if enum is Civility and key in _CIVILITY_WORDS:
        return _CIVILITY_WORDS[key]
    by_key, by_value = _code_index(enum)
    if key in by_key:
        return by_key[key]
    if key.isdigit():
        padded = key.zfill(2)  # a spreadsheet turned « 03 » into 3
        if padded in by_value:
            return by_value[padded]
    raise ValueError(tr("« {text} » n'est pas une valeur connue").format(text=text))


@functools.cache
def _code_index(enum: type[CodeEnum]) -> tuple[dict[str, CodeEnum], dict[str, CodeEnum]]:
    """The members by the key of their code or label, and by their exact code: a lookup per
    cell instead of a loop over the members (an import parses a dozen codes a row). The first
    member declared wins a key two members share, as the loop it replaces did."""
    by_key: dict[str, CodeEnum] = {}
    by_value: dict[str, CodeEnum] = {}
    for member in enum:
        by_key.setdefault(match_key(member.value), member)
        by_key.setdefault(match_key(member.label), member)
        by_value.setdefault(member.value, member)
    return by_key, by_value
