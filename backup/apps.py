from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """`manage.py backup` and `restore`: the database and the uploads in one archive."""

    name = "backup"
    verbose_name = _("Backup")
