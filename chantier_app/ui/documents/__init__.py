"""The Documents page and the person's Documents tab: choose, preview, print, save, batches."""
