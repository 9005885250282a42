"""Child process of the backups' anonymisation kill test: anonymises one person in every
backup of the folder, as the anonymisation's last step does.

Run as ``python anonymise_child.py DATA_DIR PERSON_ID CREATED_AT``; the parent kills it
with SIGKILL while it rewrites the backups.
"""

from __future__ import annotations

import datetime as dt
import sys

from chantier_app.paths import resolve_paths
from chantier_app.services.privacy.backups_erasure import anonymise_in_backups


def main() -> None:
    paths = resolve_paths(sys.argv[1])
    person_id, created_at = int(sys.argv[2]), dt.datetime.fromisoformat(sys.argv[3])
    print("ready", flush=True)
    done = anonymise_in_backups(paths.backups_dir, person_id, created_at)
    print("done", len(done.anonymised), len(done.refused), flush=True)


if __name__ == "__main__":
    main()
