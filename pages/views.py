from cluster_cms.i18n import written_languages
from cluster_cms.views import PublicDetailView

from .models import Page


class PageDetailView(PublicDetailView):
    # Editors preview drafts and scheduled pages at their real address.
    model = Page

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # A page exists in the languages its title is written in.
            page_languages=written_languages(self.object, "title"),
            **kwargs,
        )
