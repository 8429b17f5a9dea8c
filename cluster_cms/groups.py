"""Staff groups made by data migrations, each holding just the permissions it needs."""

from django.contrib.auth.management import create_permissions


def ensure_group(apps, name: str, app_label: str, codenames: list[str]) -> None:
    """Create (or reset) group `name` with `codenames` of `app_label`'s models.

    For RunPython: `apps` is the migration's historical registry.
    """
    # Permissions are normally made after all migrations; make them now so the
    # group can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )


def remove_group(apps, name: str) -> None:
    apps.get_model("auth", "Group").objects.filter(name=name).delete()
