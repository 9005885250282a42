"""Code lists: each member has a stable code (stored) and a French label (shown)."""

from __future__ import annotations

import enum
from typing import Self


class CodeEnum(enum.StrEnum):
    """An enumeration whose value is a stable code and which carries a French label.

    Members are declared as ``NAME = ("CODE", tr("Libellé"))``.
    """

    label: str

    def __new__(cls, code: str, label: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def from_code(cls, code: str) -> Self:
        """The member for ``code``; ValueError with the valid codes when unknown."""
        try:
            # A lookup by value (the metaclass's ``__call__``), which mypy mistakes for a call
            # of the members' ``__new__(code, label)`` above (a known limit of type checkers).
            return cls(code)  # type: ignore[call-arg]
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ValueError(f"{code!r} n'est pas un code valide ({valid})") from None

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, label) pairs in declaration order, for combo boxes and exports."""
        return [(m.value, m.label) for m in cls]
