from django.views.generic import TemplateView

from core.i18n import written_languages
from core.views import PublicDetailView
from news.order import featured_and_newest

from .layout import current_layout
from .models import Page


class HomeView(TemplateView):
    template_name = "pages/home.html"
    latest_count = 4

    def get_context_data(self, **kwargs):
        featured = current_layout().featured_release_pks
        return super().get_context_data(
            **featured_and_newest(featured, self.latest_count), **kwargs
        )


class PageDetailView(PublicDetailView):
    # Editors preview drafts and scheduled pages at their real address.
    model = Page

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # A page exists in the languages its title is written in.
            page_languages=written_languages(self.object, "title"),
            **kwargs,
        )
