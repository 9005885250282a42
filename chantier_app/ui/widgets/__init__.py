"""Reusable widgets: table models, filters, forms, background jobs."""
