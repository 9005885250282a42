"""Synthetic data made through the real services: the demo association and the benchmarks'.

``generate`` builds a whole association, deterministic for a seed and a reference date:
people with accents in their names, eligibility and PASS IAE, the three kinds of contract
with their amendments, suspensions and exits, the support schedule held with barrier
scores and actions, trainings with attendance, monthly hours consistent with every
contract, conventions with the State and declared months. ``profile`` says how big.
"""

from chantier_app.synthetic.profile import DEMO, LARGE, Profile, for_scale
from chantier_app.synthetic.runner import Summary, generate

__all__ = ["DEMO", "LARGE", "Profile", "Summary", "for_scale", "generate"]
