"""Child process of the crash test: hires people in a loop, printing each id once committed.

Run as ``python crash_child.py DATA_DIR FIRST_N``; the parent kills it with SIGKILL.
"""

from __future__ import annotations

import sys

from safety_helpers import hire

from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety.bootstrap import open_data


def main() -> None:
    opened = open_data(resolve_paths(sys.argv[1]))
    ctx = AppContext(opened.database, Actor.system(), opened.paths)
    n = int(sys.argv[2])
    print("ready", flush=True)
    while True:
        person_id = ctx.run(hire, n)
        # Printed only after the commit returned: the parent may then require the row.
        print(person_id, flush=True)
        n += 1


if __name__ == "__main__":
    main()
