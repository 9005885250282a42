"""One case per identity rule, valid and invalid: NIR (real formats, Corsica, temporary, keys),
SIRET, birth date, postal code, e-mail, phone."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain import identity_rules as rules
from chantier_app.domain.codes.person_codes import Civility, NirMissingReason

MR, MRS = Civility.MR, Civility.MRS


def _codes(violations) -> list[str]:
    return [v.code for v in violations]


@pytest.mark.parametrize(
    ("nir", "civility", "birth", "codes"),
    [
        # Published examples (INSEE format), born abroad (99) and in Corsica (2A, 2B).
        ("2 95 10 99 126 111 93", MRS, dt.date(1995, 10, 3), []),
        ("253072A07300443", MRS, dt.date(1953, 7, 14), []),
        ("253072B07300470", MRS, dt.date(1953, 7, 14), []),
        ("253072C07300443", MRS, None, ["nir_format"]),
        ("295109912611199", MRS, None, ["nir_key"]),
        ("29510991261119", MRS, None, ["nir_length"]),
        ("2 95 10 99 126 111 93", MR, None, ["nir_sex_mismatch"]),
        ("2 95 10 99 126 111 93", MRS, dt.date(1996, 10, 3), ["nir_birth_year_mismatch"]),
        ("2 95 10 99 126 111 93", MRS, dt.date(1995, 11, 3), ["nir_birth_month_mismatch"]),
        # Month 20 and above: unknown or partial civil status, allowed whatever the date.
        ("1 80 20 75 056 123 88", MR, dt.date(1980, 4, 1), []),
        ("1 80 13 75 056 123 73", MR, None, ["nir_birth_month_invalid"]),
        ("3 95 10 99 126 111 43", MR, None, ["nir_sex_digit"]),
    ],
)
def test_nir(nir, civility, birth, codes) -> None:
    checked = rules.check_nir(nir, civility=civility, birth_date=birth, missing_reason=None)
    assert _codes(checked.violations) == codes
    assert checked.nir == rules.compact_nir(nir)


# Months of birth at each boundary of INSEE's ranges (01-12, pseudo-months 20-42 and
# 50-99): the same NIR « 1 80 MM 75 056 123 » with its key computed for each month.
@pytest.mark.parametrize(
    ("nir", "valid"),
    [
        ("180007505612359", False),  # 00: never attributed
        ("180017505612375", True),
        ("180127505612357", True),
        ("180137505612373", False),  # 13: the day after 12
        ("180197505612372", False),  # 19: the day before 20
        ("180207505612388", True),
        ("180427505612352", True),
        ("180437505612368", False),  # 43: the day after 42
        ("180497505612367", False),  # 49: the day before 50
        ("180507505612383", True),
        ("180997505612391", True),
    ],
)
def test_nir_month_follows_insee_pseudo_months(nir: str, valid: bool) -> None:
    checked = rules.check_nir(nir, civility=MR, birth_date=None, missing_reason=None)
    assert ("nir_birth_month_invalid" not in _codes(checked.violations)) is valid
    if not valid:
        (message,) = [v.message for v in checked.violations]
        assert message.startswith("NIR : le mois de naissance") and "20 à 42" in message


def test_pseudo_month_is_not_compared_with_the_birth_date() -> None:
    """A pseudo-month (state civil incomplete) fits any birth date; a real month must match."""
    born = dt.date(1980, 4, 1)
    for nir in ("180427505612352", "180507505612383"):
        checked = rules.check_nir(nir, civility=MR, birth_date=born, missing_reason=None)
        assert _codes(checked.violations) == []
    checked = rules.check_nir("180127505612357", civility=MR, birth_date=born, missing_reason=None)
    assert _codes(checked.violations) == ["nir_birth_month_mismatch"]


def test_test_nirs_have_correct_keys() -> None:
    """The cases above that must fail only on consistency do have valid keys."""
    from stdnum.fr import nir

    for number in ("180207505612388", "180137505612373", "395109912611143"):
        assert nir.is_valid(number)


@pytest.mark.parametrize(
    ("nir", "reason", "codes"),
    [
        (None, None, ["nir_missing_reason_required"]),
        ("", NirMissingReason.FOREIGN_PENDING, []),
        ("7 95 10 99 126 111 93", None, ["nir_missing_reason_required"]),
        ("8 95 10 99 126 111 93", NirMissingReason.TEMPORARY, []),
    ],
)
def test_missing_or_temporary_nir_needs_a_reason(nir, reason, codes) -> None:
    checked = rules.check_nir(nir, civility=MRS, birth_date=None, missing_reason=reason)
    assert _codes(checked.violations) == codes
    assert checked.nir is None and checked.missing_reason is reason
    assert all(v.field == "nir_missing_reason" for v in checked.violations)


def test_reason_is_dropped_when_a_valid_nir_is_given() -> None:
    checked = rules.check_nir(
        "295109912611193", civility=MRS, birth_date=None, missing_reason=NirMissingReason.OTHER
    )
    assert checked.missing_reason is None and not checked.violations


@pytest.mark.parametrize(
    ("siret", "codes"),
    [
        ("732 829 320 00074", []),
        ("", []),
        ("73282932000075", ["siret_key"]),
        ("7328293200007", ["siret_length"]),
        ("7328293200007A", ["siret_format"]),
    ],
)
def test_siret(siret, codes) -> None:
    assert _codes(rules.check_siret(siret)) == codes


REFERENCE = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("birth", "codes"),
    [
        (dt.date(2010, 11, 23), []),  # 16 today
        (dt.date(2010, 11, 24), ["birth_date_too_young"]),  # 16 tomorrow
        (dt.date(1946, 11, 23), []),  # 80 today
        (dt.date(1945, 11, 22), ["birth_date_too_old"]),  # 81
        (dt.date(2027, 1, 1), ["birth_date_future"]),
        (None, []),
    ],
)
def test_birth_date_is_plausible(birth, codes) -> None:
    assert _codes(rules.check_birth_date(birth, reference=REFERENCE)) == codes


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("75019", True),
        ("20000", True),
        ("97411", True),
        ("01000", True),
        (" 93 300", True),
        ("7501", False),
        ("00100", False),
        ("99000", False),
        ("75O19", False),
        ("", True),
    ],
)
def test_postal_code(code, ok) -> None:
    assert (rules.check_postal_code(code) == []) is ok


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("elodie.lefevre@exemple.fr", True),
        ("a.b+c@sous.domaine.org", True),
        ("", True),
        ("elodie@", False),
        ("elodie.exemple.fr", False),
        ("elodie@exemple", False),
        ("élodie lefèvre@exemple.fr", False),
    ],
)
def test_email(email, ok) -> None:
    assert (rules.check_email(email) == []) is ok


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("0612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("0033142001234", "01 42 00 12 34"),
        ("0262 12 34 56", "0262 12 34 56"),  # La Réunion
        ("0690 12 34 56", "0690 12 34 56"),  # Guadeloupe
        ("+44 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_phone_accepted_and_formatted(phone, stored) -> None:
    assert rules.check_phone(phone) == []
    assert rules.normalise_phone(phone) == stored


@pytest.mark.parametrize("phone", ["0612", "06 12 34 56 789", "12345678901", "abc", "+999 123"])
def test_phone_refused(phone) -> None:
    assert _codes(rules.check_phone(phone)) == ["phone_format"]
