from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from enterprises.sitemaps import DirectoryPageSitemap, EnterpriseSitemap
from news.sitemaps import ReleaseSitemap

from . import views
from .sitemaps import StaticPageSitemap

sitemaps = {"pages": StaticPageSitemap, "releases": ReleaseSitemap}
sitemaps |= {"directory": DirectoryPageSitemap, "enterprises": EnterpriseSitemap}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("enterprises/", include("enterprises.urls")),
    path(settings.CLUSTER_ADMIN_PATH, admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots_txt"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (the admin).
    path("favicon.ico", views.FaviconView.as_view()),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "cluster_cms.views.server_error"

admin.site.site_header = admin.site.site_title = settings.CLUSTER_SITE_NAME
