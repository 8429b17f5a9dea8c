from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterCmsConfig(AppConfig):
    name = "cluster_cms"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import pre_save

        from .images import strip_uploaded_images

        pre_save.connect(strip_uploaded_images, dispatch_uid="strip_uploaded_images")
