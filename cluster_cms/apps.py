from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterCmsConfig(AppConfig):
    name = "cluster_cms"
    verbose_name = _("Site")
