"""The in-app manual (« Aide → Manuel », F1): French HTML shipped in the package."""
