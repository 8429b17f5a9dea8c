from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import RedirectView, TemplateView


class HomeView(TemplateView):
    template_name = "pages/home.html"


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: hashed static names exist only after collectstatic.
        return static("img/favicon.svg")


@requires_csrf_token
def server_error(request, template_name="500.html"):
    # Django's default renders without the request, which would leave the site's
    # layout without its context; nothing here touches the database.
    return render(request, template_name, status=500)
