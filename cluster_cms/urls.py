from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from news.sitemaps import ReleaseSitemap

from . import views
from .sitemaps import StaticPageSitemap

sitemaps = {"pages": StaticPageSitemap, "releases": ReleaseSitemap}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path(settings.CLUSTER_ADMIN_PATH, admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]

if settings.CLUSTER_BENCH_VIEWS:
    urlpatterns += [path("bench/fixed-20k/", views.bench_fixed_page)]

if settings.CLUSTER_SERVE_MEDIA:
    # Only the checked image types are ever stored, so the guessed type is an
    # image type; SecurityMiddleware adds nosniff.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler500 = "cluster_cms.views.server_error"

admin.site.site_header = admin.site.site_title = settings.CLUSTER_SITE_NAME
