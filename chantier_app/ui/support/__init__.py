"""The support area: the person's Accompagnement tab, its dialogs, the to-do list."""
