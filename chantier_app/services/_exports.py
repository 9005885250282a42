"""Each area's package lists its use cases; their modules load on first use (PEP 562).

A package that imported all its modules when imported would load SQLAlchemy with the first
of them: the first screen is drawn before that (``dashboard/first_screen``, 0.35 s saved),
and areas call each other, so eager packages would also import one another in circles.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, use_cases: Mapping[str, tuple[str, ...]]
) -> tuple[list[str], Callable[[str], Any]]:
    """``__all__`` and ``__getattr__`` for ``package`` from {module: names it defines}."""
    module_of = {name: module for module, names in use_cases.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:  # also how « from package import submodule » finds submodules
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return sorted(module_of), __getattr__
