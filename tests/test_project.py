import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
# The admin, and the captcha library's image and refresh routes (which answer
# only with a key, or to scripts).
# The supplier area and its accounts are behind a sign-in (tests/suppliers/).
PRIVATE_PREFIXES = (settings.CLUSTER_ADMIN_PATH, "captcha/", "supplier/")


def is_redirect(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is not None and issubclass(view_class, RedirectView)


def public_paths(patterns=None, prefix=""):
    """Every URL of the site that takes no argument, outside the admin."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or route.startswith(PRIVATE_PREFIXES) or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from public_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not is_redirect(entry):
            yield "/" + route


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.asset_urls = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in {"script", "img", "iframe", "source"} and attrs.get("src"):
            self.asset_urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon", "preload"}:
            self.asset_urls.append(attrs["href"])


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def some_content(release_factory):
    release_factory(title="A release for the home page")


def test_every_public_page_answers_200_with_one_h1(client, some_content):
    paths = sorted(set(public_paths()))
    assert {"/", "/news/", "/news/feed/", "/sitemap.xml", "/robots.txt"} <= set(paths)
    for path in paths:
        # The footer form's code answers only the site's script, which says so.
        script = {"X-Contact-Code": "1"} if path == reverse("contact_code") else {}
        response = client.get(path, headers=script)
        assert response.status_code == 200, path
        if response["Content-Type"].startswith("text/html"):
            page = parse(response)
            assert page.h1_count == 1, path
            assert page.html_lang == "en", path


def test_no_page_loads_anything_from_another_host(client, some_content):
    for path in ("/", "/news/"):
        for url in parse(client.get(path)).asset_urls:
            assert url.startswith("/") and not url.startswith("//"), (path, url)


def test_reading_public_pages_writes_nothing(client, some_content):
    for path in ("/", "/news/", "/news/feed/", "/sitemap.xml"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        statements = [query["sql"].lstrip().split()[0].upper() for query in queries]
        # PostgreSQL reads a choice list through a cursor: DECLARE ... FOR SELECT.
        assert set(statements) <= {"SELECT", "DECLARE"}, path
        assert not response.cookies, path


def test_unknown_address_is_a_404_in_the_site_layout(client):
    response = client.get("/no/such/page/")

    assertContains(response, "Page not found", status_code=404)
    assertContains(response, "Skip to main content", status_code=404)
    # A lost visitor gets ways on (and the header's search box), not a message form.
    assertNotContains(response, "data-contact-form", status_code=404)
    assertContains(response, "<form", count=1, status_code=404)
    assertContains(response, 'href="/enterprises/"', status_code=404)


def test_a_server_error_shows_the_500_page_in_the_layout(client, settings):
    settings.ROOT_URLCONF = "tests.support.failing_urls"
    client.raise_request_exception = False

    response = client.get("/fail/")

    assertContains(response, "Something went wrong on our side", status_code=500)
    assertContains(response, "Skip to main content", status_code=500)
    assert b"RuntimeError" not in response.content


def test_a_database_outage_is_a_503_in_the_site_layout_with_a_retry_hint(
    client, settings
):
    settings.ROOT_URLCONF = "tests.support.failing_urls"
    client.raise_request_exception = False

    response = client.get("/database-down/")

    assertContains(response, "Please try again in a few minutes.", status_code=503)
    assertContains(response, "Skip to main content", status_code=503)
    assert response["Retry-After"] == "60"


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assertContains(response, "Sitemap: http://testserver/sitemap.xml")
    assert response["Content-Type"].startswith("text/plain")


def test_footer_shows_the_icp_number_only_when_set(client, settings):
    settings.CLUSTER_ICP_NUMBER = "粤ICP备12345678号"
    assertContains(client.get("/"), "粤ICP备12345678号")

    settings.CLUSTER_ICP_NUMBER = ""
    assertContains(client.get("/"), "All Rights Reserved")


def run_settings_probe(code: str, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with the given environment."""
    environment = (
        {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
        }
        | {"DJANGO_SETTINGS_MODULE": "cluster_cms.settings"}
        | env
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings_probe("", DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_sqlite_database_runs_in_wal_mode(tmp_path):
    result = run_settings_probe(
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )

    assert result.stdout.strip() == "wal", result.stderr
