"""The first screen (Tableau de bord): its figures, read before SQLAlchemy loads, and the to-do list."""
