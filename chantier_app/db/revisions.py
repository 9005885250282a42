"""The schema revisions this version knows: what migrations, backups and restores compare.

Apart from ``migrate`` (which loads Alembic) and ``backup`` (which copies files), so that
each can import it without importing the other. A test checks it against Alembic's scripts.
"""

from __future__ import annotations

# Every revision this version knows, oldest first; add each new migration's id here.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0010",
    "0011",
    "0015",
    "0016",
    "0017",
    "0021",
    "0022",
    "0023",
    "0024",
    "0025",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
