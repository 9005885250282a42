"""« Paramètres »: structure, workshops and teams, conventions, accounts, one's own account."""
