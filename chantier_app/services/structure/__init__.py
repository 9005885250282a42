"""The structure: settings, workshops and teams, staff accounts, logging in."""
