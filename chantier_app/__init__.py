"""chantier_app: the desktop application of an atelier et chantier d'insertion."""

__version__ = "0.1.0"
APP_NAME = "chantier_app"
APP_DISPLAY_NAME = "Chantier d'insertion"
