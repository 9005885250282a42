"""The « Heures » page: monthly grid, sign-in sheets, monthly statement, FTE and conventions."""
