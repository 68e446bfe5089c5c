"""The app graph is layered (README, *Architecture*): an app imports, at module level, only apps of
a lower layer, never a higher one and never another app of its own layer.

Imports inside functions are allowed for the few late bindings Django needs (an ``AppConfig.ready``
registering its providers, a management command reaching a higher app); imports under
``if TYPE_CHECKING:`` are for annotations only. Tests and migrations are not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # renaksi/

# Lowest first. Apps on one line are independent of each other.
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("audit",),
    ("organisations",),
    ("security",),
    ("plans",),
    ("worklist",),  # the "Tugas saya" registry; providers live with the apps that own the work
    ("monitoring",),
    ("reports",),
    ("chain",),
    ("rollup", "cascade"),
    ("evaluations", "quality", "registers", "surveys"),
    ("maintenance",),
    ("api",),
]
LAYER_OF = {app: i for i, apps in enumerate(LAYERS) for app in apps}


def module_level_imports(tree: ast.Module):
    """Imports run when the module loads: top level, and inside top-level ``if``/``try``."""
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If | ast.Try):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    yield sub


def imported_apps(path: Path, app: str) -> set[str]:
    rel = path.relative_to(PACKAGE).parts
    found: set[str] = set()
    for node in module_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            if node.level:  # relative: resolved against the file's package
                base = ["renaksi", *rel[:-1]][: len(rel) + 1 - node.level]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # ``from renaksi import chain`` names the app in the imported names.
            modules = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        for module in modules:
            parts = module.split(".")
            if len(parts) >= 2 and parts[0] == "renaksi" and parts[1] in LAYER_OF:
                if parts[1] != app:
                    found.add(parts[1])
    return found


def app_sources():
    for app in LAYER_OF:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            parts = path.relative_to(PACKAGE).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield app, path


def layer_violations() -> list[str]:
    problems = []
    for app, path in app_sources():
        for other in sorted(imported_apps(path, app)):
            if LAYER_OF[other] >= LAYER_OF[app]:
                where = "the same layer" if LAYER_OF[other] == LAYER_OF[app] else "a higher layer"
                problems.append(f"{path.relative_to(PACKAGE)} imports {other} ({where})")
    return problems


def test_every_app_is_in_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYER_OF), "add the new app to LAYERS (and to the README's layer list)"


def test_no_app_imports_a_higher_layer():
    assert layer_violations() == []


def test_the_check_sees_a_violation(tmp_path, monkeypatch):
    """The check itself can fail: a plans module importing monitoring is reported."""
    fake = tmp_path / "renaksi"
    (fake / "plans").mkdir(parents=True)
    (fake / "plans" / "bad.py").write_text(
        "from __future__ import annotations\n"
        "from renaksi.monitoring.models import Realisation\n"
        "from renaksi.core import hooks\n"
        "def later():\n    from renaksi.rollup import services\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from renaksi.api import views\n"
        "try:\n    from .. import chain\nexcept ImportError:\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__name__ + ".PACKAGE", fake)
    assert imported_apps(fake / "plans" / "bad.py", "plans") == {"monitoring", "core", "chain"}


@pytest.mark.parametrize("app", sorted(LAYER_OF))
def test_readme_names_every_layer(app):
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    assert f"`{app}`" in readme
