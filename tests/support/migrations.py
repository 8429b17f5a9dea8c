"""Moving the test database between migration states, for tests of data moves."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets=None):
    """Move the test database to `targets`, or forward to the newest migrations.

    Returns the models as those migrations left them (a target of None undoes
    that app's migrations).
    """
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1]]).apps
