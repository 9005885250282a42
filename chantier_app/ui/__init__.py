"""Everything Qt: the main window, pages, dialogs, table models, background jobs."""
