"""Printed documents (ReportLab) built from plain data: no Qt, no Session."""
