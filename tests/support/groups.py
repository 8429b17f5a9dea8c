"""Staff groups as their data migrations make them.

A transactional test (a browser test) empties every table when it ends, the
rows of data migrations included: permissions come back, groups do not.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.db.migrations import RunPython


def group_as_migrated(name: str, *migrations: str) -> Group:
    """Group `name`, made again by the data steps of `migrations` (dotted module
    names, in order) if a flush removed it."""
    if not Group.objects.filter(name=name).exists():
        for module in migrations:
            for operation in importlib.import_module(module).Migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, None)
    return Group.objects.get(name=name)
