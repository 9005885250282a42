"""Dossier de contrôle (landscape: its registers are wide) and one person's whole file."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.fr_format import NNBSP, format_date, format_minutes, format_number
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.reports.base import build_pdf, data_table, facts_table, page_width, styles, text
from chantier_app.reports.control_data import DIAGNOSIS_TARGET_DAYS, ControlFile, PersonFile

NOTE = tr(
    "Ce dossier ne contient aucune information de santé, de handicap ou de justice : un critère, "
    "une justification ou un motif qui pourrait en révéler est indiqué « réservé » ou "
    "« enregistré », et son justificatif est présenté sur place. Les sorties sont comptées par "
    "catégorie (typologie de l'État)."
)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{format_number(value, 1)}{NNBSP}%"


def _fte(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value, 2)


def _yes(value: bool) -> str:
    return tr("oui") if value else tr("non")


def render_control_file(data: ControlFile) -> bytes:
    st = styles()
    width = page_width(landscape_page=True)
    period = tr("du {start} au {end}").format(
        start=format_date(data.start), end=format_date(data.end)
    )
    story: list[Flowable] = [
        text(tr("Dossier de contrôle"), st.title),
        text(
            tr("Atelier et chantier d'insertion — période {period}").format(period=period),
            st.subtitle,
        ),
        facts_table(
            [
                (tr("Salariés de la période"), str(len(data.people))),
                (tr("Entrées"), str(data.entries)),
                (tr("Sorties"), str(data.exits_count)),
                (tr("Contrats"), str(data.contracts_count)),
                (tr("Heures de travail"), format_minutes(data.paid_minutes)),
                (tr("Fiches PMSMP"), str(len(data.pmsmps))),
            ],
            [48 * mm, 40 * mm, 48 * mm, 40 * mm],
        ),
        text(NOTE, st.small),
    ]
    story += _rates(data, width)
    story += _people(data, width)
    story += _registers(data, width)
    return build_pdf(story, structure=data.structure, issued_on=data.issued_on,
                     title=tr("Dossier de contrôle {period}").format(period=period),
                     landscape_page=True)  # fmt: skip


def _rates(data: ControlFile, width: float) -> list[Flowable]:
    st = styles()
    counted = data.exits_count - sum(n for c, n in data.exits if c is ExitCategory.EXCLUDED)
    rows = [[c.label, str(n)] for c, n in data.exits]
    rates = [
        [tr("Sorties dynamiques"), _pct(data.dynamic_rate), _pct(data.target_dynamic),
         _reached(data.dynamic_rate, data.target_dynamic)],
        [tr("dont emploi durable"), _pct(data.sustainable_rate), _pct(data.target_sustainable),
         _reached(data.sustainable_rate, data.target_sustainable)],
    ]  # fmt: skip
    fte_rows = [[str(f.year), _fte(f.realised), _fte(f.funded),
                 _pct(f.realised * 100 / f.funded) if f.funded else "—"] for f in data.fte_years]  # fmt: skip
    return [
        text(tr("Sorties et taux de sorties, au regard de la convention"), st.heading),
        data_table([tr("Catégorie de sortie"), tr("Sorties")], rows, [90 * mm, 25 * mm],
                   right=(1,), total=[tr("Total (dont {n} comptées)").format(n=counted),
                                      str(data.exits_count)]),
        Spacer(0, 2 * mm),
        data_table([tr("Taux"), tr("Réalisé"), tr("Objectif de la convention"), tr("Atteint")],
                   rates, [60 * mm, 30 * mm, 50 * mm, 25 * mm], right=(1, 2)),
        text(tr("ETP réalisés et ETP conventionnés"), st.heading),
        data_table([tr("Année"), tr("ETP réalisés sur la période"), tr("ETP conventionnés"),
                    tr("Réalisation")], fte_rows, [25 * mm, 55 * mm, 45 * mm, 30 * mm],
                   right=(1, 2, 3)),
    ]  # fmt: skip


def _reached(value: Decimal | None, target: Decimal | None) -> str:
    if value is None or target is None:
        return "—"
    return _yes(value >= target)


def _people(data: ControlFile, width: float) -> list[Flowable]:
    st = styles()
    files = [
        [p.name, format_pass(p.pass_number) if p.pass_number else tr("aucun"), format_date(p.hired_on),
         format_date(p.exit_date) + (f" ({p.exit_category.label})" if p.exit_category else "")
         if p.exit_date else "", format_minutes(p.paid_minutes), format_number(p.fte, 2),
         format_date(p.diagnosis_date) if p.diagnosis_date else tr("non fait"),
         "" if p.diagnosis_delay is None else str(p.diagnosis_delay),
         tr("hors délai") if p.diagnosis_late else tr("oui"), str(len(p.interviews)),
         format_date(p.exit_review) if p.exit_review else ("—" if not p.exit_date else tr("non fait"))]
        for p in data.people
    ]  # fmt: skip
    eligibility = [[p.name, " ; ".join(filter(None, [
        p.pass_number and tr("n° {n} du {s} au {e}").format(
            n=format_pass(p.pass_number), s=format_date(p.pass_start), e=format_date(p.pass_end))])),
        p.eligibility, " ; ".join(p.criteria)] for p in data.people]  # fmt: skip
    interviews = [[p.name, " ; ".join(f"{format_date(d)} {k}" for d, k in p.interviews)]
                  for p in data.people if p.interviews]  # fmt: skip
    contracts = [[p.name, "\n".join(p.contracts)] for p in data.people]
    return [
        PageBreak(),
        text(tr("Salariés de la période : entrées, sorties, heures, diagnostic"), st.heading),
        data_table([tr("Salarié"), tr("PASS IAE"), tr("Embauche"), tr("Sortie"), tr("Heures"),
                    tr("ETP"), tr("Diagnostic"), tr("Délai (j)"),
                    tr("Sous {n} j").format(n=DIAGNOSIS_TARGET_DAYS), tr("Entretiens"),
                    tr("Bilan de sortie")], files,
                   [44 * mm, 26 * mm, 20 * mm, 44 * mm, 20 * mm, 14 * mm, 20 * mm, 14 * mm,
                    18 * mm, 16 * mm, width - 236 * mm], right=(4, 5, 7, 9)),
        text(tr("Contrats"), st.heading),
        data_table([tr("Salarié"), tr("Contrats de la période")], contracts,
                   [50 * mm, width - 50 * mm]),
        text(tr("PASS IAE et éligibilité"), st.heading),
        data_table([tr("Salarié"), tr("PASS IAE"), tr("Éligibilité"), tr("Critères")],
                   eligibility, [44 * mm, 56 * mm, 80 * mm, width - 180 * mm]),
        text(tr("Entretiens réalisés (datés)"), st.heading),
        data_table([tr("Salarié"), tr("Entretiens")], interviews or [[tr("aucun"), ""]],
                   [44 * mm, width - 44 * mm]),
    ]  # fmt: skip


def _registers(data: ControlFile, width: float) -> list[Flowable]:
    st = styles()
    renewals = [[p.name, format_date(r.effective), format_date(r.new_end) if r.new_end else "",
                 format_date(r.review) if r.review else tr("aucun"), _yes(r.justified)]
                for p in data.people for r in p.renewals]  # fmt: skip
    beyond = [[p.name, format_number(p.beyond_24.months, 1), _yes(p.beyond_24.reason_recorded),
               format_date(p.beyond_24.until) if p.beyond_24.until else ""]
              for p in data.people if p.beyond_24]  # fmt: skip
    pmsmps = [[x.person_name, x.host, f"{format_date(x.start)} – {format_date(x.end)}",
               str(x.days), _yes(x.within_month), str(x.same_host_agreements),
               str(x.same_host_days), _yes(x.within_limits), x.outcome] for x in data.pmsmps]  # fmt: skip
    empty = [[tr("aucun"), "", "", "", ""]]
    return [
        PageBreak(),
        text(tr("Renouvellements et leur bilan préalable"), st.heading),
        data_table([tr("Salarié"), tr("À compter du"), tr("Nouvelle fin"), tr("Bilan préalable"),
                    tr("Justification enregistrée")], renewals or empty,
                   [60 * mm, 30 * mm, 30 * mm, 35 * mm, 45 * mm]),
        text(tr("Parcours au-delà de 24 mois (L5132-15-1) et leur motif"), st.heading),
        data_table([tr("Salarié"), tr("Mois cumulés"), tr("Motif enregistré"), tr("Jusqu'au")],
                   beyond or [[tr("aucun"), "", "", ""]],
                   [60 * mm, 30 * mm, 35 * mm, 30 * mm], right=(1,)),
        text(tr("Registre des PMSMP et leurs limites (D5135-3 : un mois par convention ; avec "
                "le même accueil, deux conventions et 60 jours au plus sur 12 mois)"), st.heading),
        data_table([tr("Salarié"), tr("Structure d'accueil"), tr("Dates"), tr("Jours"),
                    tr("≤ 1 mois"), tr("Conventions (12 mois)"), tr("Jours (12 mois)"),
                    tr("Dans les limites"), tr("Bilan")],
                   pmsmps or [[tr("aucune"), "", "", "", "", "", "", "", ""]],
                   [40 * mm, 45 * mm, 42 * mm, 13 * mm, 16 * mm, 26 * mm, 22 * mm, 22 * mm,
                    width - 226 * mm], right=(3, 5, 6)),
    ]  # fmt: skip


def render_person_file(data: PersonFile) -> bytes:
    st = styles()
    width = page_width()
    p = data.person
    period = tr("du {start} au {end}").format(
        start=format_date(data.start), end=format_date(data.end)
    )
    story: list[Flowable] = [
        text(tr("Dossier individuel tiré au hasard"), st.title),
        text(tr("{name} — tiré parmi {n} dossiers de la période {period}").format(
            name=p.name, n=data.drawn_among, period=period), st.subtitle),
        facts_table([
            (tr("Né(e) le"), format_date(p.birth_date)),
            (tr("Embauche"), format_date(p.hired_on)),
            (tr("PASS IAE"), format_pass(p.pass_number) if p.pass_number else tr("aucun")),
            (tr("Sortie"), format_date(p.exit_date) + (f" ({p.exit_category.label})"
                                                      if p.exit_category else "")),
            (tr("Heures de la période"), format_minutes(p.paid_minutes)),
            (tr("ETP de la période"), format_number(p.fte, 2)),
            (tr("Diagnostic"), format_date(p.diagnosis_date) if p.diagnosis_date else tr("non fait")),
            (tr("Délai après l'embauche"), "" if p.diagnosis_delay is None
             else tr("{n} jours").format(n=p.diagnosis_delay)),
        ], [34 * mm, 52 * mm, 38 * mm, width - 124 * mm]),
    ]  # fmt: skip
    sections = [
        (tr("Éligibilité"), [p.eligibility, *data.diagnosis]),
        (tr("PASS IAE, suspensions et prolongations"), list(data.passes)),
        (tr("Contrats et avenants"), [*p.contracts, *data.amendments]),
        (tr("Entretiens réalisés"), [f"{format_date(d)} — {k}" for d, k in p.interviews]),
        (tr("Formations"), list(data.trainings)),
        (tr("PMSMP"), list(data.pmsmps)),
    ]
    for title, lines in sections:
        story.append(text(title, st.heading))
        for line in lines or [tr("aucun")]:
            story.append(text(line, st.legal))
    months = [[format_date(mh.month)[3:], format_minutes(mh.paid_minutes),
               format_minutes(mh.absent_minutes)] for mh in data.months]  # fmt: skip
    story.append(text(tr("Heures par mois"), st.heading))
    story.append(data_table([tr("Mois"), tr("Heures de travail"), tr("Absences")],
                            months or [[tr("aucune"), "", ""]], [30 * mm, 40 * mm, 40 * mm],
                            right=(1, 2)))  # fmt: skip
    story.append(Spacer(0, 3 * mm))
    story.append(text(NOTE, st.small))
    return build_pdf(story, structure=data.structure, issued_on=data.issued_on,
                     title=tr("Dossier individuel — {name}").format(name=p.name))  # fmt: skip
