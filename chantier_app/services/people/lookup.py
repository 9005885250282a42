"""Finding a person from what someone types: a file number, a PASS IAE number or a name.

For the command line (« chantier print follow-up --person "Lefèvre Élodie" ») and any
search box: the GUI shows the file number in the person's file, staff know the PASS
number from the platform, and a name is what people type most.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.fr_format import match_key
from chantier_app.domain.pass_iae import normalise_number
from chantier_app.services import permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class PersonMatch:
    id: int
    name: str  # « LEFÈVRE Élodie »


def find_people(session: Session, actor: Actor, text: str) -> list[PersonMatch]:
    """The actor's people that ``text`` designates: the file number, the PASS IAE number
    (spaces aside), or every word of a name (usage or birth name and first names, accents
    and case aside). Anonymised people are never found."""
    roles_matrix.require(actor, Permission.PEOPLE_VIEW)
    query = select(
        m.Person.id, m.Person.usage_name, m.Person.birth_name, m.Person.first_names
    ).where(m.Person.anonymised_at.is_(None))
    clause = permissions.scope_clause(actor)
    if clause is not None:
        query = query.where(clause)
    people = {
        person_id: (usage, f"{usage} {birth or ''} {first}", first)
        for person_id, usage, birth, first in session.execute(query)
    }

    def matches(ids: list[int]) -> list[PersonMatch]:
        return [PersonMatch(i, f"{people[i][0].upper()} {people[i][2]}") for i in ids]

    wanted = text.strip()
    if "".join(wanted.split()).isdigit():
        number = "".join(wanted.split())
        if number.isascii() and int(number) in people and len(number) < 12:
            return matches([int(number)])
        pass_number = normalise_number(wanted)
        holders = session.scalars(
            select(m.PassIae.person_id).where(m.PassIae.number == pass_number)
        )
        return matches(sorted(set(holders) & set(people)))
    words = set(match_key(wanted).split())
    return matches(
        sorted(
            i
            for i, (_u, names, _f) in people.items()
            if words and words <= set(match_key(names).split())
        )
    )
