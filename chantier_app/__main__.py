"""Entry point for ``python -m chantier_app``."""

import sys

from chantier_app.cli import main

sys.exit(main())
