import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path, reverse_lazy
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language
from django.views.static import serve

from contact import views as contact_views
from core import sitemaps
from core.i18n import site_name
from core.sitemaps import StaticPageSitemap
from enterprises.sitemaps import DirectoryPageSitemap, EnterpriseSitemap
from news.sitemaps import ReleaseSitemap
from pages import views as pages_views
from pages.sitemaps import PageSitemap

from . import views

SECTIONS = {"pages": StaticPageSitemap, "releases": ReleaseSitemap}
SECTIONS |= {"directory": DirectoryPageSitemap, "enterprises": EnterpriseSitemap}
SECTIONS |= {"editable-pages": PageSitemap}

# The admin, robots.txt and the sitemap (which lists both languages) have one
# address each; public pages exist in English at / and in Chinese at /zh-hans/.
urlpatterns = [
    # Django's set_language, for the editors' language choice (a cookie) in the
    # admin's header; before the admin's own catch-all.
    path(f"{settings.CLUSTER_ADMIN_PATH}language/", set_language, name="set_language"),
    # The inbox's addresses in staff mail sent while messages belonged to the
    # cluster_cms app.
    re_path(
        rf"^{re.escape(settings.CLUSTER_ADMIN_PATH)}cluster_cms/message/(?P<rest>.*)$",
        RedirectView.as_view(
            url=f"/{settings.CLUSTER_ADMIN_PATH}contact/message/%(rest)s",
            permanent=True,
        ),
    ),
    path(settings.CLUSTER_ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SECTIONS}, name="sitemap"),
    path(
        "sitemap-<slug:section>-<int:number>.xml",
        sitemaps.section,
        {"sitemaps": SECTIONS},
        name="sitemap_section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots_txt"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (the admin).
    path("favicon.ico", views.FaviconView.as_view()),
    # The footer form's code and the captcha images answer scripts and <img>, in
    # whichever language the page was.
    path("contact/code/", contact_views.contact_code, name="contact_code"),
    # Only the code's picture and speech (ours), under the names the captcha
    # widget reverses; the library's refresh URL, which drew a code per request
    # with no limit, is not offered.
    path("captcha/image/<slug:key>/", contact_views.code_image, name="captcha-image"),
    path(
        "captcha/audio/<slug:key>.wav", contact_views.code_audio, name="captcha-audio"
    ),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", pages_views.HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("search/", include("search.urls")),
    # Suppliers' representatives: their accounts (django-allauth) and their area.
    path("supplier/account/", include("allauth.urls")),
    path("supplier/", include("suppliers.urls")),
    path("contact/", contact_views.ContactView.as_view(), name="contact"),
    path(
        "contact/thanks/",
        contact_views.ContactThanksView.as_view(),
        name="contact_thanks",
    ),
    # Last: an editable page at /<slug>/ never hides a route above.
    path("", include("pages.urls")),
    prefix_default_language=False,
)

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

handler400 = "cluster_cms.views.bad_request"
handler404 = "cluster_cms.views.page_not_found"
handler500 = "cluster_cms.views.server_error"

# Lazy, so that the admin names the site in each editor's language.
admin.site.site_header = admin.site.site_title = lazy(site_name, str)()
# "View site" opens the home page in the editor's language.
admin.site.site_url = reverse_lazy("home")
