"""What a typed or imported text may hold: no invisible control characters, a bounded length.

``checked_text`` (and ``checked_notes``, ``checked_reason``) is the one validator of the
texts staff members type or import: people's records, staff accounts, notes, reasons.

A NUL byte, another control character or a bidirectional override (U+202E turns « Martin »
into « nitraM » in lists and PDFs, and can hide a name's real letters) is refused with the
field named, never silently dropped; so is a text longer than its field's limit. Messages
name the character by its code and give lengths, never repeat the text itself.
"""

from __future__ import annotations

import unicodedata

from chantier_app.domain.errors import Violation, refuse_errors
from chantier_app.domain.parsing import clean_line, clean_text
from chantier_app.i18n import tr

NAME_MAX = 100  # a surname or first names; the longest real ones are far shorter
LINE_MAX = 250  # an address line, a town, a contact
NOTES_MAX = 1_000_000  # free text may be long; a megabyte is no longer a note
# Bidirectional formatting marks: embeddings, overrides and isolates (Unicode UAX 9).
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
REASON_MAX = 2_000  # a correction's or a cancellation's reason: a few sentences
# Invisible characters that hide or split what a text shows: zero-width space, word
# joiner, byte-order mark, soft hyphen, Mongolian vowel separator. The zero-width
# (non-)joiners stay: Persian and Indic names, and emoji, need them.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad\u180e")
# Control characters (Cc), lone surrogates (Cs, which no file can store) and code points
# Unicode does not assign (Cn), the line and paragraph separators (Zl, Zp: a line break
# that the lists and PDFs do not draw as one).
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Cn", "Zl", "Zp"})
_ALLOWED_IN_NOTES = frozenset("\n\t")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``text`` must not hold (a control, an invisible or a bidi
    mark), or None."""
    allowed = _ALLOWED_IN_NOTES if multiline else frozenset()
    for char in text:
        if char in allowed:
            continue
        if (
            unicodedata.category(char) in _FORBIDDEN_CATEGORIES
            or char in BIDI_CONTROLS
            or char in INVISIBLE
        ):
            return char
    return None


def checked_text(
    text: str | None, *, field: str, label: str, max_length: int, multiline: bool = False
) -> str | None:
    """The shared validator of a text a staff member types or imports (a name, a note, a
    reason): cleaned as stored (composed NFC, spaces trimmed: ``parsing.clean_text`` /
    ``clean_line``), or ValidationError naming the field: nothing is dropped silently."""
    cleaned = (clean_text if multiline else clean_line)(text)
    refuse_errors(
        text_violations(field, label, cleaned, max_length=max_length, multiline=multiline)
    )
    return cleaned


def checked_notes(
    text: str | None, *, field: str = "notes", label: str | None = None
) -> str | None:
    """A free note (several lines): ``checked_text`` with the notes' limit."""
    return checked_text(
        text, field=field, label=label or tr("Notes"), max_length=NOTES_MAX, multiline=True
    )


def checked_reason(
    text: str | None, *, field: str = "reason", label: str | None = None
) -> str | None:
    """A correction's, a cancellation's or a withdrawal's reason: ``checked_text``."""
    return checked_text(
        text, field=field, label=label or tr("Motif"), max_length=REASON_MAX, multiline=True
    )


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
