"""Which facts are sensitive, wherever they are stored: the one classification of fields.

A field is classified by the facts it can reveal (health, disability, justice, social
benefits and situation), not by the screen that shows it: the reason of a PASS IAE
suspension (« Incarcération », « Arrêt maladie »), the « aménagement de peine » flag of a
contract and an exit « Décision administrative ou de justice » are justice or health facts
on the Contracts tab, in the monthly statement and in a printed sheet alike.

Who may see a class of facts (the rule, written down in docs/architecture.md):
- health, disability, justice (RGPD articles 9 and 10): the direction, and the person's
  CIP référent — every CIP when the direction allows it (``Structure.cip_sees_all_sensitive``),
  the same rule as the confidential notes;
- social benefits and situation (resources, housing, referral…): the direction and every
  CIP (they make the eligibility diagnosis and the State's employee record);
- an encadrant technique sees none of them.

A field that can reveal several classes is shown to the narrowest audience among them
(the whole field, whatever its value: a « motif réservé » shown only on sensitive values
would tell which kind of value it hides). Rows that *are* a fact of a class (a health
barrier's scores, a confidential note, an eligibility criterion) are classified by their
code and left out of lists for the actors outside its audience.

Counts over the structure (the yearly report, the exits' figures) are not classified: they
name nobody. The categories of hours (« arrêt maladie ») are not either: the encadrant
records attendance and must know who is absent; the cause of an absence is not recorded.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.i18n import tr


class Category(enum.StrEnum):
    """A class of facts the law or the structure protects."""

    HEALTH = "health"
    DISABILITY = "disability"
    JUSTICE = "justice"
    SOCIAL = "social"  # social benefits, resources, housing, referral: the « situation »

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]

    @property
    def audience(self) -> Audience:
        return Audience.OFFICE if self is Category.SOCIAL else Audience.FOLLOWERS


_CATEGORY_LABELS = {
    Category.HEALTH: tr("santé"),
    Category.DISABILITY: tr("handicap"),
    Category.JUSTICE: tr("justice"),
    Category.SOCIAL: tr("situation sociale et prestations sociales"),
}


class Audience(enum.IntEnum):
    """Who may see a class of facts; a larger value is a narrower audience."""

    OFFICE = 1  # the direction and every CIP
    FOLLOWERS = 2  # the direction and the person's CIP référent (every CIP if allowed)

    @property
    def label(self) -> str:
        return _AUDIENCE_LABELS[self]


_AUDIENCE_LABELS = {
    Audience.OFFICE: tr("la direction et les CIP"),
    Audience.FOLLOWERS: tr("la direction et le CIP référent"),
}

H, D, J, S = Category.HEALTH, Category.DISABILITY, Category.JUSTICE, Category.SOCIAL


@dataclass(frozen=True)
class SensitiveField:
    """One column (``entity`` is the table, ``name`` the column) and what it can reveal."""

    entity: str
    name: str
    categories: frozenset[Category]
    label: str  # French, as the user names it

    @property
    def key(self) -> str:
        return f"{self.entity}.{self.name}"

    @property
    def audience(self) -> Audience:
        return max(c.audience for c in self.categories)


def _fields(entity: str, *entries: tuple[str, frozenset[Category], str]) -> list[SensitiveField]:
    return [SensitiveField(entity, name, cats, label) for name, cats, label in entries]


_SOCIAL = frozenset({S})
_SITUATION = (
    ("ft_registered", tr("inscription à France Travail")),
    ("ft_id", tr("identifiant France Travail")),
    ("ft_registered_since", tr("inscrit à France Travail depuis")),
    ("education_level", tr("niveau de formation")),
    ("rsa", tr("RSA")),
    ("rsa_band", tr("durée du RSA")),
    ("ass", tr("ASS")),
    ("ass_band", tr("durée de l'ASS")),
    ("lone_parent", tr("parent isolé")),
    ("housing", tr("logement")),
    ("refugee", tr("réfugié")),
    ("qpv", tr("quartier prioritaire (QPV)")),
    ("zrr", tr("zone de revitalisation rurale (ZRR)")),
    ("mobility", tr("mobilité")),
    ("french_level", tr("niveau de français")),
    ("notes", tr("remarques sur la fiche")),
    # The State's employee record's situation fields (revision 0015).
    ("employed", tr("en emploi à l'embauche")),
    ("unemployed_band", tr("sans emploi depuis")),
    ("resourceless", tr("sans ressources")),
    ("social_aid", tr("aide sociale")),
    ("ase_exit", tr("sortant de l'aide sociale à l'enfance")),
)
# fmt: off
FIELDS: tuple[SensitiveField, ...] = (
    *_fields("person", *((name, _SOCIAL, label) for name, label in _SITUATION)),
    *_fields(
        "person",
        ("aah", frozenset({S, D}), tr("AAH (allocation aux adultes handicapés)")),
        ("aah_band", frozenset({S, D}), tr("durée de l'AAH")),
        ("rqth", frozenset({D}), tr("RQTH (travailleur handicapé)")),
        ("oeth", frozenset({D}), tr("OETH (obligation d'emploi des travailleurs handicapés)")),
        ("released_from_detention", frozenset({J}), tr("sortant de détention")),
        # SPIP and PJJ are justice services, Cap emploi works with disabled workers.
        ("referrer", frozenset({S, J, D}), tr("orienteur")),
        ("referrer_contact", frozenset({S, J, D}), tr("contact chez l'orienteur")),
    ),
    # The hires imported from les emplois name the prescriber, as the orienteur does.
    *_fields(
        "emplois_hire",
        ("referrer", frozenset({S, J, D}), tr("orienteur (les emplois)")),
        ("prescriber_organisation", frozenset({S, J, D}), tr("organisation prescriptrice")),
        ("prescriber_user", frozenset({S, J, D}), tr("prescripteur")),
    ),
    *_fields(
        "eligibility_diagnosis",
        ("author_name", frozenset({S, J, D}), tr("auteur du diagnostic (prescripteur)")),
        ("notes", frozenset({S, J, D, H}), tr("remarques sur le diagnostic")),
    ),
    *_fields(
        "pass_suspension",
        ("reason", frozenset({H, J}), tr("motif de suspension du PASS IAE")),
        ("notes", frozenset({H, J}), tr("remarques sur la suspension du PASS IAE")),
    ),
    *_fields(
        "pass_prolongation",
        ("reason", frozenset({D, S}), tr("motif de prolongation du PASS IAE")),
        ("notes", frozenset({D, S, H}), tr("remarques sur la prolongation du PASS IAE")),
    ),
    *_fields(
        "contract",
        ("adjusted_sentence", frozenset({J}), tr("aménagement de peine")),
        ("extension_reason", frozenset({D, S}), tr("motif de prolongation au-delà de 24 mois")),
        ("extension_notes", frozenset({D, S, H}), tr("justification de la prolongation")),
        ("end_reason", frozenset({H}), tr("motif de fin du contrat")),  # inaptitude
        ("exit_reason", frozenset({H, J}), tr("motif de sortie")),  # justice, longue maladie
        ("exit_notes", frozenset({H, J}), tr("remarques sur la sortie")),
    ),
    *_fields(
        "amendment",
        ("extension_reason", frozenset({D, S}), tr("motif de prolongation de l'avenant")),
        ("reason", frozenset({D, S, H}), tr("motif de l'avenant")),
    ),
    # « Autre suspension » of a contract is a sick leave or a detention, told in its notes.
    *_fields(
        "contract_suspension",
        ("notes", frozenset({H, J}), tr("remarques sur la suspension du contrat")),
    ),
)
# fmt: on
_BY_KEY: dict[tuple[str, str], SensitiveField] = {(f.entity, f.name): f for f in FIELDS}


def field(entity: str, name: str) -> SensitiveField | None:
    """The classification of ``entity.name``; None: not a sensitive field."""
    return _BY_KEY.get((entity, name))


def fields_of(entity: str) -> tuple[SensitiveField, ...]:
    return tuple(f for f in FIELDS if f.entity == entity)


def audience(entity: str, name: str) -> Audience | None:
    found = _BY_KEY.get((entity, name))
    return found.audience if found else None


@dataclass(frozen=True)
class SensitiveRows:
    """A table whose rows are each a fact of a class, told by one code column."""

    entity: str
    code_field: str
    categories: Mapping[CodeEnum, frozenset[Category]]
    label: str

    def audience(self, code: CodeEnum) -> Audience:
        return max(c.audience for c in self.categories[code])


def _by_code(
    codes: type[CodeEnum], special: Mapping[CodeEnum, frozenset[Category]]
) -> dict[CodeEnum, frozenset[Category]]:
    """Every member of ``codes``: its special classes, else « situation » (social)."""
    return {member: special.get(member, _SOCIAL) for member in codes}


_HEALTH_JUSTICE: dict[CodeEnum, frozenset[Category]] = {
    Barrier.HEALTH: frozenset({H}),
    Barrier.JUSTICE: frozenset({J}),
}
ROWS: tuple[SensitiveRows, ...] = (
    SensitiveRows("barrier_score", "barrier", _by_code(Barrier, _HEALTH_JUSTICE), tr("cotation d'un frein")),
    SensitiveRows("barrier_action", "barrier", _by_code(Barrier, _HEALTH_JUSTICE), tr("action sur un frein")),
    SensitiveRows(
        "sensitive_note", "kind",
        {SensitiveNoteKind.HEALTH: frozenset({H}), SensitiveNoteKind.JUSTICE: frozenset({J})},
        tr("note confidentielle"),
    ),
    SensitiveRows(
        "eligibility_criterion", "criterion",
        _by_code(
            EligibilityCriterion,
            {
                EligibilityCriterion.AAH: frozenset({S, D}),
                EligibilityCriterion.DISABLED_WORKER: frozenset({D}),
                EligibilityCriterion.JUSTICE: frozenset({J}),
            },
        ),
        tr("critère d'éligibilité"),
    ),
)  # fmt: skip
_ROWS_BY_ENTITY = {r.entity: r for r in ROWS}


def rows(entity: str) -> SensitiveRows | None:
    return _ROWS_BY_ENTITY.get(entity)


def row_audience(entity: str, code: CodeEnum) -> Audience | None:
    """The audience of one row of ``entity`` whose code is ``code`` (None: not classified)."""
    found = _ROWS_BY_ENTITY.get(entity)
    return found.audience(code) if found else None


HIDDEN = tr("réservé")  # what a screen or a document writes in place of a hidden value
