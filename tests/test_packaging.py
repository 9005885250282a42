"""The PyInstaller spec ships what the application reads at run time, without building it
(a build takes a minute): a new resource, migration or import cannot be forgotten silently."""

from __future__ import annotations

import ast
import gettext
import json
import shutil
import subprocess
import sys
from pathlib import Path

import holidays
from alembic.config import Config
from alembic.script import ScriptDirectory

from chantier_app.db.revisions import KNOWN_REVISIONS

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "chantier.spec"
PACKAGE = ROOT / "chantier_app"

# Excluded from the build although a library tries to import it, with the reason it is safe.
# (cryptography was, for pypdf's encrypted PDFs, until the key slots of encrypted folders.)
OPTIONAL_BUT_EXCLUDED: dict[str, str] = {}


def spec_constant(name: str) -> object:
    """A literal assigned at the top of the spec, read without running PyInstaller."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {SPEC}")


def shipped_package_files() -> set[Path]:
    globs = spec_constant("DATA_GLOBS")
    assert isinstance(globs, list)
    return {
        path
        for pattern in globs
        for path in PACKAGE.glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_every_resource_and_migration_file_is_shipped() -> None:
    needed = {
        path
        for folder in ("resources", "db/migrations")
        for path in (PACKAGE / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert sorted(str(p.relative_to(PACKAGE)) for p in needed - shipped_package_files()) == []


def test_alembic_finds_every_revision_in_the_shipped_files(tmp_path: Path) -> None:
    for path in shipped_package_files():
        copy = tmp_path / path.relative_to(PACKAGE)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    migrations = tmp_path / "db" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    config = Config()
    config.set_main_option("script_location", str(migrations))
    revisions = [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]
    assert sorted(revisions) == sorted(KNOWN_REVISIONS)


def _resource_path_literals() -> set[tuple[str, ...]]:
    """The literal leading arguments of every ``resource_path(...)`` call in the package."""
    found: set[tuple[str, ...]] = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "resource_path"
            ):
                parts = []
                for arg in node.args:
                    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                        break
                    parts.append(arg.value)
                found.add(tuple(parts))
    return found


def test_every_resource_the_code_names_is_shipped() -> None:
    shipped = {
        path.relative_to(PACKAGE / "resources").parts
        for path in shipped_package_files()
        if path.is_relative_to(PACKAGE / "resources")
    }
    named = _resource_path_literals()
    assert ("icons", "chantier.png") in named  # the window icon
    for parts in named:  # a file, or a folder holding shipped files
        assert any(file[: len(parts)] == parts for file in shipped), parts


def test_the_french_public_holidays_catalogue_is_shipped() -> None:
    library_globs = dict(spec_constant("LIBRARY_DATA_GLOBS"))  # type: ignore[arg-type]
    folder = Path(holidays.__file__).resolve().parent
    shipped = {path for pattern in library_globs["holidays"] for path in folder.glob(pattern)}
    opened = gettext.find(
        holidays.France.country,
        str(folder / "locale"),
        languages=[holidays.France.default_language],
    )
    assert opened is not None
    assert Path(opened) in shipped


_IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import chantier_app
for module in pkgutil.walk_packages(chantier_app.__path__, "chantier_app."):
    if module.name != "chantier_app.__main__" and ".migrations." not in module.name:
        importlib.import_module(module.name)
print(json.dumps(sorted(sys.modules)))
"""


def test_no_module_the_application_imports_is_excluded() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout))
    excluded = spec_constant("EXCLUDED_MODULES")
    assert isinstance(excluded, list)
    clashes = {
        name
        for name in excluded
        if any(module == name or module.startswith(name + ".") for module in loaded)
    }
    assert clashes <= set(OPTIONAL_BUT_EXCLUDED), sorted(clashes - set(OPTIONAL_BUT_EXCLUDED))


# An encrypted folder made, opened and unlocked by an account's password: the modules only
# that path imports (inside functions, so the import-everything test above cannot see them).
_OPEN_AN_ENCRYPTED_FOLDER = """
import json, sys, tempfile
from pathlib import Path
from chantier_app.db import cipher, keyfile
from chantier_app.paths import resolve_paths
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data
paths = resolve_paths(Path(tempfile.mkdtemp()) / "data")
keys.create_keys(paths)
open_data(paths).database.dispose()
data_key = cipher.folder_key(paths.data_dir)
slot = keyfile.wrap(data_key, "Canal-Ourcq-2026", name="compte-1", staff_id=1, login="i.moreau")
assert keyfile.unwrap(slot, "Canal-Ourcq-2026", path=paths.data_dir, wrong="") == data_key
print(json.dumps(sorted(sys.modules)))
"""


def test_the_encryption_libraries_are_shipped() -> None:
    """sqlcipher3 (its extension module carries the SQLCipher library) and cryptography are
    imported only for an encrypted folder: named in the spec, never excluded."""
    result = subprocess.run(
        [sys.executable, "-c", _OPEN_AN_ENCRYPTED_FOLDER],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    named = spec_constant("ENCRYPTION_MODULES")
    excluded = spec_constant("EXCLUDED_MODULES")
    assert isinstance(named, list) and isinstance(excluded, list)
    assert {"sqlcipher3", "sqlcipher3._sqlite3", "cryptography"} <= loaded
    for module in named:
        assert module in loaded, module  # a name the spec carries for nothing
    roots = {name.split(".")[0] for name in named}
    assert {"sqlcipher3", "cryptography"} <= roots
    clashes = {
        name
        for name in excluded
        if any(module == name or module.startswith(name + ".") for module in loaded)
    }
    assert clashes == set(), sorted(clashes)


def test_the_native_code_the_spec_requires_is_in_the_installed_libraries() -> None:
    """The spec's build fails when a REQUIRED_BINARIES fragment matches no collected file;
    each fragment names a file of the installed wheels (SQLCipher inside sqlcipher3's
    extension module, Qt's offscreen and desktop platform plugins), so none goes stale."""
    import _argon2_cffi_bindings
    import cryptography
    import PySide6
    import sqlcipher3

    required = spec_constant("REQUIRED_BINARIES")
    assert isinstance(required, dict)
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    site = Path(sqlcipher3.__file__).resolve().parent.parent
    natives = [
        path.relative_to(site).as_posix()
        for package in (sqlcipher3, cryptography, _argon2_cffi_bindings, PySide6)
        for path in Path(package.__file__).resolve().parent.rglob("*")
        if path.suffix in (".so", ".pyd", ".dll")
    ]
    for part in required["all"] + required.get(platform, []):
        assert any(part in name for name in natives), part
    assert "sqlcipher3/_sqlite3." in required["all"]
    assert any("qoffscreen" in part for part in required[platform])
