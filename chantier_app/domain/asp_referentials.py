"""The ASP's reference lists the employee record uses: countries (INSEE codes and groups),
lane types, and the normalised address (« 12 bis rue des Lilas » -> 12, B, RUE, DES LILAS).

The lists are the ASP's own files (``resources/asp``, see its README), read once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from chantier_app.domain.fr_format import match_key, strip_accents
from chantier_app.paths import resource_path

FRANCE_CODE = "100"
FRANCE_GROUP = "1"


@dataclass(frozen=True)
class Country:
    code: str  # 3 digits (« 350 » Maroc)
    name: str
    group: str  # 1 France, 2 CEE, 3 hors CEE


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The ASP's countries by INSEE code."""
    path = resource_path("asp", "ref_insee_pays_v4.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter=";")
        return {
            row["CODE_INSEE_PAYS"]: Country(
                row["CODE_INSEE_PAYS"], row["LIB_INSEE_PAYS"], row["CODE_GROUPE_PAYS"]
            )
            for row in rows
        }


# Names people write for a country, besides the ASP's own (« IRLANDE, ou EIRE »).
_COUNTRY_ALIASES = {
    "france": FRANCE_CODE,
    "allemagne": "109",
    "royaume uni": "132",
    "angleterre": "132",
    "etats unis": "404",
    "usa": "404",
    "republique tcheque": "116",
    "tchequie": "116",
    "irlande": "136",
    "russie": "123",
    "coree du sud": "239",
    "republique democratique du congo": "312",
    "rdc": "312",
    "congo brazzaville": "324",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = {match_key(c.name): c.code for c in countries().values()}
    # « CONGO (REPUBLIQUE DEMOCRATIQUE) » is also found by the words before the brackets
    # when they name one country only.
    short: dict[str, set[str]] = {}
    for country in countries().values():
        head = match_key(country.name.split("(")[0].split(",")[0])
        short.setdefault(head, set()).add(country.code)
    for head, codes in short.items():
        if len(codes) == 1:
            names.setdefault(head, next(iter(codes)))
    return names | _COUNTRY_ALIASES


def country_by_name(text: str | None) -> Country | None:
    """The country a person wrote (« Maroc », « Côte d'Ivoire »), None when not recognised."""
    code = _country_names().get(match_key(text))
    return countries().get(code) if code else None


# Lane types ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def lane_types() -> dict[str, str]:
    """Code -> label of the ASP's lane types still in force (ref_type_voie_v3)."""
    path = resource_path("asp", "ref_type_voie_v3.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["codetypevoie"]: row["libelle"]
            for row in csv.DictReader(handle, delimiter=";")
            if not (row.get("datefin") or "").strip()
        }


# Abbreviations of everyday addresses (La Poste's, and what people type).
_LANE_ALIASES = {
    "r": "RUE",
    "av": "AV",
    "ave": "AV",
    "bd": "BD",
    "bld": "BD",
    "boul": "BD",
    "bvd": "BD",
    "ch": "CHEM",
    "che": "CHEM",
    "chem": "CHEM",
    "imp": "IMP",
    "pl": "PL",
    "all": "ALL",
    "allees": "ALL",
    "rte": "RTE",
    "sq": "SQ",
    "res": "RES",
    "fbg": "FG",
    "fg": "FG",
    "pass": "PAS",
    "qu": "QUAI",
    "lieu dit": "LD",
    "lieudit": "LD",
    "lotissement": "LOT",
    "grande rue": "GR",
}
EXTENSIONS = {"bis": "B", "b": "B", "ter": "T", "t": "T", "quater": "Q", "q": "Q"}
EXTENSIONS |= {"quinquies": "C", "c": "C"}
EXTENSION_LABELS = {"B": "Bis", "T": "Ter", "Q": "Quater", "C": "Quinquies"}


@lru_cache(maxsize=1)
def _lane_words() -> list[tuple[str, str]]:
    """(words, code), longest first, so « grande rue » wins over « rue »."""
    words = {match_key(label): code for code, label in lane_types().items()}
    words |= {match_key(code): code for code in lane_types()}
    words |= _LANE_ALIASES
    return sorted(words.items(), key=lambda item: -len(item[0]))


@dataclass(frozen=True)
class LaneAddress:
    """An address line in the ASP's normalised form (each part as the Extranet asks it)."""

    number: str | None  # adrNumeroVoie
    extension: str | None  # codeextensionvoie: B, T, Q, C
    lane_type: str | None  # codetypevoie: RUE, AV…
    lane_name: str | None  # adrLibelleVoie, upper case without accents nor brackets


_NUMBER = re.compile(r"^(\d{1,5})\s*([a-z]+)?\b[\s,]*(.*)$")


def ascii_upper(text: str) -> str:
    """« Évry-Courcouronnes » -> « EVRY-COURCOURONNES »: the ASP's letters."""
    return " ".join(strip_accents(text).upper().split())


def parse_lane(line: str | None) -> LaneAddress:
    """« 12 bis, rue des Lilas » -> (12, B, RUE, DES LILAS); parts not found are None."""
    if not line or not line.strip():
        return LaneAddress(None, None, None, None)
    text = " ".join(line.replace(",", " ").split())
    number = extension = None
    folded = strip_accents(text).lower()
    found = _NUMBER.match(folded)
    rest = text
    if found:
        number = found.group(1)
        word = found.group(2)
        if word and word in EXTENSIONS:
            extension = EXTENSIONS[word]
            rest = text[found.start(3) :]
        elif word:
            # « 12rue… » without a space: the word is the lane's first word.
            rest = text[len(number) :].strip()
        else:
            rest = text[found.start(3) :]
    key = match_key(rest)
    for words, code in _lane_words():
        if key == words or key.startswith(words + " "):
            # The lane's name as written, accents and brackets dropped (ASP error 3330);
            # « Grande Rue » alone: the type is its name too.
            raw = _after_words(rest, words) or rest
            label = ascii_upper(raw.translate({ord("("): " ", ord(")"): " "}))
            return LaneAddress(number, extension, code, label or None)
    return LaneAddress(number, extension, None, ascii_upper(rest) or None)


def _after_words(text: str, words: str) -> str:
    """``text`` without the tokens that spell ``words`` (« Lieu-dit Les Granges », « lieu
    dit » -> « Les Granges »; « r. des Lilas », « r » -> « des Lilas »)."""
    tokens = text.split()
    for count in range(1, len(tokens) + 1):
        if match_key(" ".join(tokens[:count])) == words:
            return " ".join(tokens[count:])
    return ""
