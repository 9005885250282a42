"""Logging in: first start, login dialog, password changes, idle lock, what each role sees."""
