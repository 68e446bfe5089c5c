"""Apps plug their routes into the permission matrix without editing it.

A module ``renaksi/<app>/tests/matrix_rules.py`` may define:

- ``ROUTES: dict[str, Rule]`` (required): one rule per named route of the app, built with the
  helpers of ``test_permission_matrix`` (``Rule``, ``readers``, ``managers``, ``assessors``…),
  imported lazily inside functions or at module level from ``renaksi.core.tests.matrix_rules_api``;
- ``PUBLIC: set[str]``: routes checked elsewhere (rare: prefer ``Rule(..., anonymous=True)``);
- ``extend_world(world) -> None``: builds the app's objects for each target unit and stores them
  in ``world.targets[code].extra[name]`` (called once per module, inside the world's transaction);
- ``fingerprint() -> tuple``: what a denied write of the app's routes must leave unchanged.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import renaksi


def _discover() -> list[ModuleType]:
    modules = []
    for info in sorted(pkgutil.iter_modules(renaksi.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"renaksi.{info.name}.tests.matrix_rules"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name not in (name, f"renaksi.{info.name}.tests"):
                raise
    return modules


PLUGINS: list[ModuleType] = _discover()


def plugins_extend_world(world) -> None:
    for plugin in PLUGINS:
        extend = getattr(plugin, "extend_world", None)
        if extend is not None:
            extend(world)


def plugin_fingerprints() -> tuple:
    return tuple(plugin.fingerprint() for plugin in PLUGINS if getattr(plugin, "fingerprint", None))
