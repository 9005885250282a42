"""Translation hook for user-visible text, usable from every layer (no Qt here).

Source strings are written in French, the language of every user today; ``tr``
marks them so a future translation layer can swap them without touching callers.
"""


def tr(text: str) -> str:
    """Return the user-visible text (French source string)."""
    return text
