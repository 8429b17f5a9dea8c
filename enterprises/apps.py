from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprise directory")

    def ready(self):
        from caching import page_cache
        from core import page_sections
        from news.models import Release

        from . import facet_index, signals  # noqa: F401 (the index: after each edit)
        from .views import enterprises_mentioned

        # Directory pages, the home page's block and the directory's index
        # (facet_index) show every model of the directory.
        page_cache.register(*self.get_models())
        page_sections.register(Release, enterprises_mentioned)
        signals.connect()
