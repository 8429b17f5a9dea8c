from cluster_cms.views import PublicDetailView

from .models import Page


class PageDetailView(PublicDetailView):
    # Editors preview drafts and scheduled pages at their real address.
    model = Page
