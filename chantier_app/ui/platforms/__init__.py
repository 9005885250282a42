"""Screens of the work with the State's platforms: the fiche salarié ASP, the import from
les emplois, the bilan d'accompagnement, the control file, the frozen yearly reports."""
