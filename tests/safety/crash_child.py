"""Child process of the crash test: hires people in a loop, printing each id once committed.

Run as ``python crash_child.py DATA_DIR FIRST_N``; the parent kills it with SIGKILL. For an
encrypted folder, ``CRASH_DATA_KEY`` holds the data key (hex), as a log-in would unlock it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from safety_helpers import hire

from chantier_app.db import cipher
from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety.bootstrap import open_data


def main() -> None:
    if os.environ.get("CRASH_DATA_KEY"):
        cipher.unlock(bytes.fromhex(os.environ["CRASH_DATA_KEY"]), folder=Path(sys.argv[1]))
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
