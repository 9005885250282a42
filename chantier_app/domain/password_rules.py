"""What a password must be, and what a login may look like (CNIL's recommendation, 2022).

The CNIL accepts 12 characters mixing kinds of characters for a password without any other
protection than a limit on attempts, which the login service applies.
"""

from __future__ import annotations

import re

from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr

MIN_LENGTH = 12
MAX_LENGTH = 128
LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")


def check_password(
    password: str, *, login: str | None = None, field: str = "password"
) -> list[Violation]:
    """Every rule the new password breaks (empty list: accepted)."""
    found: list[Violation] = []
    if len(password) < MIN_LENGTH:
        found.append(
            Violation(
                "password_short",
                tr("Mot de passe : {n} caractères au moins.").format(n=MIN_LENGTH),
                field=field,
            )
        )
    elif len(password) > MAX_LENGTH:
        found.append(
            Violation(
                "password_long",
                tr("Mot de passe : {n} caractères au plus.").format(n=MAX_LENGTH),
                field=field,
            )
        )
    has_letter = any(c.isalpha() for c in password)
    has_other = any(not c.isalpha() for c in password)
    if password and not (has_letter and has_other):
        found.append(
            Violation(
                "password_kinds",
                tr("Mot de passe : des lettres et au moins un chiffre ou un signe."),
                field=field,
            )
        )
    if login and len(login) >= 3 and login.casefold() in password.casefold():
        found.append(
            Violation(
                "password_login",
                tr("Mot de passe : il ne doit pas contenir l'identifiant."),
                field=field,
            )
        )
    return found


def normalise_login(text: str | None) -> str:
    return (text or "").strip().casefold()


def check_login(login: str, field: str = "login") -> list[Violation]:
    if not LOGIN_PATTERN.match(login):
        return [
            Violation(
                "login_format",
                tr(
                    "Identifiant : 2 à 60 caractères, lettres sans accent, chiffres, point, "
                    "tiret ou souligné (ex. « m.dupont »)."
                ),
                field=field,
            )
        ]
    return []
