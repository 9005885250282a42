"""Data safety in the GUI: start-up checks, backups and restore, the audit trail viewer."""
