"""What an app's ``matrix_rules.py`` uses from the permission matrix (see matrix_plugins).

``from renaksi.core.tests.matrix_rules_api import Rule, readers, managers, plan`` works at the
top of a plugin: the matrix imports the plugins only after those names are defined.
"""

from renaksi.core.tests.matrix_world import PERSONAS, TARGET_UNITS, Target, World  # noqa: F401


def __getattr__(name):
    from renaksi.core.tests import test_permission_matrix as matrix

    return getattr(matrix, name)
