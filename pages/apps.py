from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages and site settings")

    def ready(self):
        from caching import page_cache

        from . import layout  # noqa: F401 (the layout is built after each edit)
        from .models import Page, SiteSettings

        page_cache.register(Page, next_change=Page.objects.next_publication_time)
        # The settings (and their featured releases) show on every page: a
        # change must reach them all at once.
        page_cache.register(SiteSettings)
