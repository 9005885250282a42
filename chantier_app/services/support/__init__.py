"""Support (accompagnement): milestones and their schedule, barriers, PMSMP, sensitive notes, the timeline."""
