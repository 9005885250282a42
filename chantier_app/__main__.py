"""Entry point for ``python -m chantier_app``."""

import sys

from chantier_app.cli import main

# Guarded: the workers that draw a batch of documents are spawned processes, which import
# this module again (as « __mp_main__ ») and must not start the application.
if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # a PyInstaller build: workers start the executable
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
