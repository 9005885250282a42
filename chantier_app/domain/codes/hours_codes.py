"""Categories of hours kept apart in the monthly entry."""

from chantier_app.domain.codes import CodeEnum
from chantier_app.i18n import tr


class HoursCategory(CodeEnum):
    WORKED = ("worked", tr("Heures travaillées"))
    TRAINING = ("training", tr("Formation rémunérée"))
    PMSMP = ("pmsmp", tr("PMSMP"))
    PAID_ABSENCE = ("paid_absence", tr("Absence rémunérée"))
    SICK = ("sick", tr("Arrêt maladie"))
    UNJUSTIFIED = ("unjustified", tr("Absence injustifiée"))

    @property
    def column(self) -> str:
        """Name of the minutes column in the hours tables."""
        return _COLUMNS[self]

    @property
    def paid_time(self) -> bool:
        """Counts as paid work time (worked, paid training, PMSMP)."""
        return self in (HoursCategory.WORKED, HoursCategory.TRAINING, HoursCategory.PMSMP)


_COLUMNS = {category: f"{category.value}_minutes" for category in HoursCategory}
