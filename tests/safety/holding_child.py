"""Child process of the busy-database test: another program's write transaction, held open.

Run as ``python holding_child.py DATA_DIR N``: it hires « CRASH{N} » through the services in
one transaction, prints « holding » while that transaction still holds the writer lock,
keeps it about a second (a print's or a scheduled backup's audit line, slowed down), then
commits and prints « committed ».
"""

from __future__ import annotations

import sys
import time

from safety_helpers import hire

from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor
from chantier_app.services.safety.bootstrap import open_data


def main() -> None:
    database = open_data(resolve_paths(sys.argv[1])).database
    with database.transaction() as session:
        hire(session, Actor.system(), int(sys.argv[2]))
        session.flush()  # the rows are written: the writer lock is held
        print("holding", flush=True)
        time.sleep(1.0)
    print("committed", flush=True)
    database.dispose()


if __name__ == "__main__":
    main()
