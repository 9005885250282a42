"""Sub-commands of ``chantier``: one module each, with ``NAME``, ``HELP``, ``configure`` and ``run``.

Add a command by writing its module and listing it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

COMMAND_MODULES = ("gui", "demo", "check", "print_cmd", "backup", "restore", "server")
