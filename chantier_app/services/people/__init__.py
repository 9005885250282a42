"""People (salariés en insertion): records, lists, imports and exports, eligibility diagnoses and PASS IAE."""
