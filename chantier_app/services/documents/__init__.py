"""Printed documents: what can be printed, their data, single prints and batches, the association's texts."""
