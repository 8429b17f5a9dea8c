"""Staff groups made by data migrations, each holding just the permissions it needs."""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_noop

# The staff groups' names, as the migrations make them; the admin shows each in
# the reader's language (core.apps.CoreConfig.ready).
GROUP_NAMES = [
    gettext_noop("news editor"),
    gettext_noop("message handler"),
    gettext_noop("directory editor"),
    gettext_noop("site editor"),
]


def _permissions(apps, app_label: str, codenames: list[str]):
    # Permissions are normally made after all migrations; make them now so a
    # group can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )


def ensure_group(apps, name: str, app_label: str, codenames: list[str]) -> None:
    """Create (or reset) group `name` with `codenames` of `app_label`'s models.

    For RunPython: `apps` is the migration's historical registry.
    """
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=name)
    group.permissions.set(_permissions(apps, app_label, codenames))


def grant(apps, names: list[str], app_label: str, codenames: list[str]) -> None:
    """Add `codenames` of `app_label`'s models to the groups `names` (made if
    missing), keeping what they already hold."""
    permissions = list(_permissions(apps, app_label, codenames))
    for name in names:
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, names: list[str], app_label: str, codenames: list[str]) -> None:
    """Take `codenames` of `app_label`'s models back from the groups `names`."""
    permissions = list(_permissions(apps, app_label, codenames))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=names):
        group.permissions.remove(*permissions)


def remove_group(apps, name: str) -> None:
    apps.get_model("auth", "Group").objects.filter(name=name).delete()
