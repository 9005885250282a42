"""Printed copies of a contract or an amendment: numbered, a reprint says « Duplicata »."""

from __future__ import annotations

import dataclasses
import datetime as dt

from chantier_app.domain.codes.contract_codes import AmendmentKind, DerogationKind
from chantier_app.reports.amendment import render_amendment
from chantier_app.reports.contract import render_contract
from tests.reports import samples
from tests.reports.pdf import flat, pages_text


def test_a_document_not_counted_carries_no_copy_number() -> None:
    assert "Exemplaire" not in flat(render_contract(samples.contract_document()))


def test_the_first_copy_is_numbered_without_duplicata() -> None:
    pdf = render_contract(samples.contract_document(copy_number=1))
    assert "Exemplaire n° 1" in flat(pdf)
    assert "Duplicata" not in flat(pdf)


def test_a_reprint_says_duplicata_and_its_date_on_every_page() -> None:
    pdf = render_contract(samples.contract_document(copy_number=3, issued_on=dt.date(2026, 12, 3)))
    pages = pages_text(pdf)
    assert len(pages) > 1
    for page in pages:
        assert "Exemplaire n° 3 — Duplicata — édité le 03/12/2026" in " ".join(page.split())


def test_an_hours_amendment_under_a_derogation_states_it() -> None:
    document = samples.amendment_document(copy_number=2, issued_on=dt.date(2026, 12, 3))
    below = dataclasses.replace(
        document.amendment,
        kind=AmendmentKind.HOURS_CHANGE,
        new_end_date=None,
        previous_weekly_minutes=26 * 60,
        new_weekly_minutes=16 * 60,
        new_derogation=DerogationKind.COLLECTIVE,
        new_derogation_reference="Accord du 12/09/2026",
        reason=None,
    )
    text = flat(render_amendment(dataclasses.replace(document, amendment=below)))
    assert "passe de 26 heures par semaine à 16 heures par semaine" in text
    assert "en application d'une dérogation collective (D5132-43-8)" in text
    assert "(référence : Accord du 12/09/2026)" in text
    assert "Exemplaire n° 2 — Duplicata — édité le 03/12/2026" in text

    back = dataclasses.replace(
        below,
        previous_weekly_minutes=16 * 60,
        new_weekly_minutes=24 * 60,
        previous_derogation=DerogationKind.COLLECTIVE,
        new_derogation=DerogationKind.NONE,
        new_derogation_reference=None,
    )
    text = flat(render_amendment(dataclasses.replace(document, amendment=back)))
    assert "La dérogation collective (D5132-43-8) à la durée hebdomadaire minimale" in text
    assert "en application d'une" not in text


PERIOD = "Cette dérogation est accordée pour la période du"


def test_the_contract_below_20_hours_prints_its_derogations_period() -> None:
    terms = dataclasses.replace(
        samples.TERMS,
        weekly_minutes=19 * 60,
        derogation=DerogationKind.INDIVIDUAL,
        derogation_reference="Arrêté n° 12",
        derogation_start=dt.date(2026, 1, 5),
        derogation_end=dt.date(2027, 1, 4),
    )
    text = flat(render_contract(samples.contract_document(contract=terms)))
    assert "en application d'une dérogation individuelle (D5132-43-5) (référence : Arrêté" in text
    assert f"{PERIOD} 05/01/2026 au 04/01/2027." in text
    # A derogation recorded without its period (before periods were kept): no dates.
    unknown = dataclasses.replace(terms, derogation_start=None, derogation_end=None)
    text = flat(render_contract(samples.contract_document(contract=unknown)))
    assert "en application d'une dérogation individuelle" in text and PERIOD not in text


def test_an_hours_amendment_prints_the_period_of_the_derogation_it_sets() -> None:
    document = samples.amendment_document()
    below = dataclasses.replace(
        document.amendment,
        kind=AmendmentKind.HOURS_CHANGE,
        new_end_date=None,
        previous_weekly_minutes=26 * 60,
        new_weekly_minutes=16 * 60,
        new_derogation=DerogationKind.COLLECTIVE,
        new_derogation_reference="Accord du 12/09/2026",
        new_derogation_start=dt.date(2026, 10, 1),
        new_derogation_end=dt.date(2027, 9, 30),
        reason=None,
    )
    text = flat(render_amendment(dataclasses.replace(document, amendment=below)))
    assert f"{PERIOD} 01/10/2026 au 30/09/2027." in text
    back = dataclasses.replace(
        below,
        previous_derogation=DerogationKind.COLLECTIVE,
        new_derogation=DerogationKind.NONE,
        new_weekly_minutes=24 * 60,
    )  # back above 20 h: no derogation, so no period, whatever the data carries
    text = flat(render_amendment(dataclasses.replace(document, amendment=back)))
    assert PERIOD not in text and "prend fin à cette date" in text


def test_a_renewal_below_20_hours_states_the_derogation_it_runs_under() -> None:
    document = samples.amendment_document()
    under = dataclasses.replace(
        document.amendment,
        new_derogation=DerogationKind.INDIVIDUAL,
        new_derogation_reference="Arrêté n° 40",
        new_derogation_start=dt.date(2026, 7, 5),
        new_derogation_end=dt.date(2027, 1, 4),
    )
    text = flat(render_amendment(dataclasses.replace(document, amendment=under)))
    assert "renouvelé à compter du 05/07/2026 jusqu'au 04/01/2027" in text
    assert (
        "reste inférieure à 20 heures par semaine en application d'une dérogation individuelle "
        "(D5132-43-5) (référence : Arrêté n° 40), accordée pour la période du 05/07/2026 au "
        "04/01/2027."
    ) in text
    assert PERIOD not in text  # the hours amendment's sentence is not the renewal's
