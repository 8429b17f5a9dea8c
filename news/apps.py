from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from caching import page_cache

        from . import order  # noqa: F401 (the order is built after each edit)
        from .models import Category, Release

        page_cache.register(Category)
        page_cache.register(Release, next_change=Release.objects.next_publication_time)
