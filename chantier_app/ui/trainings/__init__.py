"""The trainings area: the Formations page, the person's Formations tab and their dialogs."""
