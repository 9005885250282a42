"""GUI tests of data safety reuse the read-only folder of the safety tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "safety"))

from readonly_folder import make_read_only  # noqa: F401  (the fixture)
