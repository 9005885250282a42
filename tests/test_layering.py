"""The arrows point down: no Qt outside ui/, no SQLAlchemy in ui/, no Session in reports/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "chantier_app"
QT_ALLOWED = {"cli.py", "app.py", "__main__.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.add(node.module.split(".")[0])
    return names


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", _modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_qt_only_in_ui(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    if relative.parts[0] == "ui" or str(relative) in QT_ALLOWED:
        return
    assert "PySide6" not in _imports(path), f"{relative} imports PySide6 outside ui/"


@pytest.mark.parametrize("path", _modules(PACKAGE / "ui"), ids=lambda p: p.name)
def test_no_sqlalchemy_in_ui(path: Path) -> None:
    assert "sqlalchemy" not in _imports(path), f"{path.name}: queries belong in services/"


@pytest.mark.parametrize("path", _modules(PACKAGE / "domain"), ids=lambda p: p.name)
def test_domain_is_pure(path: Path) -> None:
    imported = _imports(path)
    assert not imported & {"sqlalchemy", "PySide6"}
    assert not any(
        name.startswith(("chantier_app.db", "chantier_app.services")) for name in imported
    )


@pytest.mark.parametrize("path", _modules(PACKAGE / "reports"), ids=lambda p: p.name)
def test_reports_take_plain_data(path: Path) -> None:
    imported = _imports(path)
    assert "sqlalchemy" not in imported and "PySide6" not in imported
    assert not any(
        name.startswith(("chantier_app.db", "chantier_app.services")) for name in imported
    )
