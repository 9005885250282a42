"""« Feuille de secours »: the recovery key of an encrypted data folder, printed once at the
moment it is made, to keep in a safe. It opens the data when every password is lost.

Nothing else of the data is on it (no person, no account): only the structure's name, the
date, the folder and the key, large, in groups of four, with what to do with it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from chantier_app import APP_DISPLAY_NAME
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.reports.base import FONT_BOLD, MARGIN, register_fonts, styles, text

TITLE = tr("Feuille de secours")


@dataclass(frozen=True)
class RecoverySheet:
    structure_name: str
    data_folder: str
    made_on: dt.date
    recovery_key: str = field(repr=False)


def render_recovery_sheet(sheet: RecoverySheet) -> bytes:
    register_fonts()
    st = styles()
    key_style = ParagraphStyle(
        "recovery_key", parent=st.body, fontName=FONT_BOLD, fontSize=20, leading=30,
        alignment=TA_CENTER, spaceBefore=6 * mm, spaceAfter=6 * mm,
    )  # fmt: skip
    groups = sheet.recovery_key.split("-")
    # Two lines of four groups, wide spaces: read aloud and typed without losing one's place.
    lines = ["\u2003".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
    story = [
        Paragraph(escape(TITLE), st.title),
        text(sheet.structure_name, st.subtitle),
        text(
            tr("Clé de secours des données chiffrées, créée le {date}.").format(
                date=format_date(sheet.made_on)
            )
        ),
        text(tr("Dossier des données : {folder}").format(folder=sheet.data_folder), st.small),
        Paragraph("<br/>".join(escape(line) for line in lines), key_style),
        Paragraph(escape(tr("À quoi elle sert")), st.heading),
        text(
            tr(
                "Elle ouvre les données quand plus aucun mot de passe n'est connu (départ de "
                "la direction, oubli), ou sur un autre ordinateur avec une sauvegarde et son "
                "fichier de clés « chantier-cles.json ». Dans la fenêtre de connexion : « Clé "
                "de secours… », puis tapez les 32 caractères (les tirets et les espaces ne "
                "comptent pas, O se lit 0 et I se lit 1)."
            ),
            st.legal,
        ),
        Paragraph(escape(tr("Où la garder")), st.heading),
        text(
            tr(
                "Dans un coffre ou une armoire fermée à clé, loin de l'ordinateur et des clés "
                "USB de sauvegarde. Ne la photographiez pas, ne l'envoyez pas par courriel, ne "
                "l'enregistrez pas sur l'ordinateur : qui la lit peut ouvrir toutes les "
                "données, NIR et notes comprises. Elle ne sera plus jamais affichée."
            ),
            st.legal,
        ),
        Spacer(1, 10 * mm),
        text(tr("Rangée le : ……………………  par : ……………………………………"), st.legal),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=TITLE, author=sheet.structure_name,
        creator=APP_DISPLAY_NAME, invariant=1, lang="fr-FR",
    )  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
