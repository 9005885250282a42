"""The person's file (dossier du salarié): a header and one tab per area."""
