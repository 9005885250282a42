"""Data safety: opening the data folder, backups and restores, what loads after the first screen."""
