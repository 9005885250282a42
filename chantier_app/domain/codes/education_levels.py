"""Education levels (niveau de formation) with the ASP's codes."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class EducationLevel(CodeEnum):
    NON_CERTIFYING = ("00", tr("Personne avec qualifications non certifiantes"))
    NEVER_SCHOOLED = ("01", tr("Jamais scolarisé"))
    POSTGRADUATE = ("10", tr("Troisième cycle ou école d'ingénieur"))
    BACHELOR = ("20", tr("Formation de niveau licence"))
    BTS_DUT = ("30", tr("Formation de niveau BTS ou DUT"))
    BAC = ("40", tr("Formation de niveau bac"))
    VOCATIONAL_BAC = ("41", tr("Brevet de technicien ou baccalauréat professionnel"))
    CAP_BEP_LEVEL = ("50", tr("Formation de niveau BEP ou CAP"))
    CAP_BEP_DIPLOMA = ("51", tr("Diplôme obtenu CAP ou BEP"))
    SHORT_TRAINING = ("60", tr("Formation courte d'une durée d'un an"))
    COMPULSORY_ONLY = ("70", tr("Pas de formation au-delà de la scolarité obligatoire"))

    @property
    def at_most_cap_bep(self) -> bool:
        """Level-2 eligibility criterion: education at most CAP/BEP."""
        return self in _AT_MOST_CAP_BEP


_AT_MOST_CAP_BEP = frozenset(
    {
        EducationLevel.NON_CERTIFYING,
        EducationLevel.NEVER_SCHOOLED,
        EducationLevel.CAP_BEP_LEVEL,
        EducationLevel.CAP_BEP_DIPLOMA,
        EducationLevel.SHORT_TRAINING,
        EducationLevel.COMPULSORY_ONLY,
    }
)
