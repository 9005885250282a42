"""Contracts: the person's Contracts tab, the action dialogs, the Contracts page, exits."""
