"""What a typed or imported text may hold: no invisible control characters, a bounded length.

A NUL byte, another control character or a bidirectional override (U+202E turns « Martin »
into « nitraM » in lists and PDFs, and can hide a name's real letters) is refused with the
field named, never silently dropped; so is a text longer than its field's limit. Messages
name the character by its code and give lengths, never repeat the text itself.
"""

from __future__ import annotations

import unicodedata

from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr

NAME_MAX = 100  # a surname or first names; the longest real ones are far shorter
LINE_MAX = 250  # an address line, a town, a contact
NOTES_MAX = 1_000_000  # free text may be long; a megabyte is no longer a note
# Bidirectional formatting marks: embeddings, overrides and isolates (Unicode UAX 9).
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ALLOWED_IN_NOTES = frozenset("\n\t")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``text`` must not hold (a control or a bidi mark), or None."""
    allowed = _ALLOWED_IN_NOTES if multiline else frozenset()
    for char in text:
        if char in allowed:
            continue
        if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            return char
    return None


def text_violations(
    field: str, label: str, text: str | None, *, max_length: int, multiline: bool = False
) -> list[Violation]:
    """The broken rules of one text field (none for an empty one)."""
    if not text:
        return []
    found: list[Violation] = []
    char = forbidden_character(text, multiline=multiline)
    if char is not None:
        found.append(
            Violation(
                f"{field}_control_character",
                tr("{label} : caractère invisible interdit (U+{code:04X}).").format(
                    label=label, code=ord(char)
                ),
                field=field,
            )
        )
    if len(text) > max_length:
        found.append(
            Violation(
                f"{field}_too_long",
                tr("{label} : {max} caractères au plus ({n} saisis).").format(
                    label=label, max=max_length, n=len(text)
                ),
                field=field,
            )
        )
    return found
