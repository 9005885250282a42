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


# Screens and commands call use cases --------------------------------------------------------
def _runtime_imports(tree: ast.Module) -> list[ast.ImportFrom | ast.Import]:
    """Every import statement except those under ``if TYPE_CHECKING:`` (types only)."""
    found: list[ast.ImportFrom | ast.Import] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _private(name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in name.split("."))


def client_violations(source: str) -> list[str]:
    """What a screen or command must not import: a private name of the application (a helper
    that checks no rights) or db/ at run time (the models, the engine: services own them)."""
    problems = []
    for node in _runtime_imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [(alias.name, []) for alias in node.names]
        elif node.module and node.level == 0:
            modules = [(node.module, [alias.name for alias in node.names])]
        else:
            continue
        for module, names in modules:
            if not module.startswith("chantier_app"):
                continue
            if module == "chantier_app.db" or module.startswith("chantier_app.db."):
                problems.append(f"{module} (db/ at run time)")
            if _private(module) or any(_private(name) for name in names):
                problems.append(f"{module} {names} (private)")
    return problems


CLIENTS = [*_modules(PACKAGE / "ui"), *_modules(PACKAGE / "commands"), PACKAGE / "cli.py"]


@pytest.mark.parametrize("path", CLIENTS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_screens_and_commands_use_public_services(path: Path) -> None:
    assert client_violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "from chantier_app.services.documents._common import get_person",
        "from chantier_app.services.contracts.views import _contract_view",
        "import chantier_app.services.hours._common",
        "from chantier_app.db import models as m",
        "def f():\n    from chantier_app.db.engine import Database",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\nelse:\n"
        "    from chantier_app.db.engine import Database",
    ],
)
def test_a_violation_is_caught(source: str) -> None:
    assert client_violations(source) != []


def test_types_only_imports_are_allowed() -> None:
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from chantier_app.db.engine import Database\n"
        "from chantier_app.services.contracts import hire"
    )
    assert client_violations(source) == []


# Which functions are use cases --------------------------------------------------------------
SERVICES = PACKAGE / "services"
# Log-in establishes who acts: these run before there is an actor.
BEFORE_AN_ACTOR = {"structure/accounts.py": {"authenticate", "start_state", "demo_login"}}


def _public_service_modules() -> list[Path]:
    return [
        p
        for p in _modules(SERVICES)
        if not _private(str(p.relative_to(SERVICES).with_suffix("")).replace("/", "."))
        and p.name != "__init__.py"
    ]


@pytest.mark.parametrize(
    "path", _public_service_modules(), ids=lambda p: str(p.relative_to(SERVICES))
)
def test_a_public_function_given_a_session_is_a_use_case(path: Path) -> None:
    """A public function that takes the session also takes the actor (it checks rights);
    helpers that do not are private (leading underscore, or a private module)."""
    exempt = BEFORE_AN_ACTOR.get(str(path.relative_to(SERVICES)), set())
    tree = ast.parse(path.read_text(encoding="utf-8"))
    helpers = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and node.name not in exempt
        and [a.arg for a in node.args.args][:1] == ["session"]
        and "actor" not in [a.arg for a in node.args.args + node.args.kwonlyargs]
    ]
    assert helpers == []


def _packages() -> list[Path]:
    return sorted(p.parent for p in SERVICES.glob("*/__init__.py"))


@pytest.mark.parametrize("package", _packages(), ids=lambda p: p.name)
def test_each_area_lists_its_use_cases(package: Path) -> None:
    import importlib

    module = importlib.import_module(f"chantier_app.services.{package.name}")
    assert module.__all__, f"{package.name}/__init__.py lists no use case"
    for name in module.__all__:
        assert not name.startswith("_")
        assert callable(getattr(module, name)), name
    # What the type checker is told (the TYPE_CHECKING block) is what runs (the table).
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    typed = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }
    assert typed == set(module.__all__)
