"""Every page type, in both languages, passes the Nu Html Checker (vnu.jar).

`make test` installs the checker from npm (`vnu-jar`) into `.venv/vnu/`; it runs on
Debian's Java. Without them the test is skipped locally, and fails in CI.
"""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from enterprises.views import EnterpriseListView
from news.views import ReleaseListView

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get("CLUSTER_VNU_JAR")
    or Path(settings.BASE_DIR) / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
JAVA = shutil.which("java")


@pytest.fixture
def checker() -> list[str]:
    missing = [
        what for what, ok in [("java", JAVA), (VNU_JAR, VNU_JAR.exists())] if not ok
    ]
    if missing:
        message = f"The Nu Html Checker needs {missing}: run `make test` (npm, Java)."
        if os.environ.get("CI") or os.environ.get("CLUSTER_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return [JAVA, "-Xss4m", "-jar", str(VNU_JAR)]


@pytest.fixture
def every_page_type(
    monkeypatch,
    release_factory,
    page_factory,
    category_factory,
    image_file,
    enterprise_factory,
    town_factory,
    product_category_factory,
    certification_factory,
):
    """Content for every page type, with two pages in each list."""
    monkeypatch.setattr(ReleaseListView, "paginate_by", 1)
    monkeypatch.setattr(EnterpriseListView, "paginate_by", 1)
    fairs = category_factory(name="Trade fairs", slug="trade-fairs")
    # A release time with microseconds, as an editor's "now" has.
    release_factory(
        slug="with-cover",
        category=fairs,
        cover_image=image_file(),
        cover_alt="Visitors at the fair",
        release_time=timezone.now() - datetime.timedelta(hours=1),
    )
    release_factory(slug="without-cover", title_zh_hans="古镇灯饰博览会")
    release_factory(slug="third")
    page_factory(slug="about-the-cluster", title_zh_hans="关于产业集群")
    guzhen = town_factory(name="Guzhen town", name_zh="古镇", slug="guzhen-town")
    led = product_category_factory(name="LED lamps", slug="led-lamps-test")
    ce = certification_factory(name="CE mark", slug="ce-mark-test")
    expired = timezone.localdate() - datetime.timedelta(days=30)
    enterprise_factory(
        name="Alpha Lighting",
        name_zh="阿尔法照明",
        slug="alpha",
        town=guzhen,
        categories=[led],
        certifications=[ce, (certification_factory(), expired)],
        markets=["DE", "US"],
        is_member=True,
        is_featured=True,
    )
    enterprise_factory(slug="beta", town=guzhen)
    enterprise_factory(slug="gamma")


PAGES = [
    "/",
    "/news/",
    "/news/?page=2",
    "/news/?q=%00",
    "/news/with-cover/",
    "/news/without-cover/",
    "/about-the-cluster/",
    "/enterprises/",
    "/enterprises/?page=2&town=guzhen-town",
    "/enterprises/?town=atlantis",
    "/enterprises/?q=nothing-matches",
    "/enterprises/?q=%00",
    "/enterprises/alpha/",
    "/enterprises/overview/",
    "/search/?q=alpha",
    "/contact/",
    "/contact/thanks/",
    "/no-such-page/",
]


def nu_errors(checker: list[str], folder, pages: dict[str, bytes]) -> list[str]:
    """The Nu Html Checker's errors on `pages` (address: HTML), each named by its
    address and line."""
    files = {}
    for number, (address, content) in enumerate(pages.items()):
        file = folder / f"page-{number}.html"
        file.write_bytes(content)
        files[file.name] = address
    result = subprocess.run(
        [
            *checker,
            "--errors-only",
            "--format",
            "json",
            *(str(folder / n) for n in files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])} line {m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
    ]
    if not errors and result.returncode != 0:
        errors.append(f"the checker failed: {result.stderr[:500]}")
    return errors


def test_every_page_type_is_valid_html_in_both_languages(
    client, every_page_type, checker, tmp_path
):
    pages = {}
    for prefix in ("", "/zh-hans"):
        for path in PAGES:
            response = client.get(prefix + path)
            assert response.status_code in (200, 404), path
            pages[prefix + path] = response.content
    # The contact page again, with an error for each field.
    response = client.post("/contact/", {"captcha_0": "stale", "captcha_1": "x"})
    pages["/contact/ (sent empty)"] = response.content
    assert nu_errors(checker, tmp_path, pages) == []


SUPPLIER_PAGES = [
    "/supplier/account/login/",
    "/supplier/account/signup/",
    "/supplier/account/password/reset/",
    "/supplier/account/confirm-email/",
]


def test_the_supplier_area_is_valid_html_in_both_languages(
    client, checker, tmp_path, enterprise_factory, message_factory, image_file
):
    """Accounts (django-allauth, in the site's layout) and every page of the
    supplier area, with a waiting change, an inquiry and a form with errors."""
    from django.contrib.auth import get_user_model

    from enterprises.models import EnterprisePhoto
    from suppliers import services
    from suppliers.models import Inquiry, ListingChange, Representative

    firm = enterprise_factory(slug="firm", email="sales@firm.example.com")
    EnterprisePhoto.objects.create(enterprise=firm, image=image_file(), image_alt="A")
    unclaimed = enterprise_factory(slug="unclaimed", email="")
    change = ListingChange.objects.create(
        enterprise=firm, **(services.live_values(firm) | {"phone": "+86 760 1"})
    )
    assert change.pk
    inquiry = Inquiry.objects.create(
        message=message_factory(body="Line one\nLine two"), enterprise=firm
    )
    pages = {}
    for prefix in ("", "/zh-hans"):
        for path in SUPPLIER_PAGES:
            pages[prefix + path] = client.get(prefix + path).content
    user = get_user_model().objects.create_user(
        username="rep", email="rep@firm.example.com", password="lamp-42-shade"
    )
    Representative.objects.create(user=user, enterprise=firm)
    client.force_login(user)
    base = f"/supplier/firm/{firm.pk}/"
    for prefix in ("", "/zh-hans"):
        for path in [
            "/supplier/",
            f"/supplier/claim/{unclaimed.slug}/",
            base,
            f"{base}edit/",
            f"{base}inbox/",
            f"{base}inbox/{inquiry.pk}/",
            "/supplier/account/email/",
            "/supplier/account/password/change/",
            "/supplier/account/logout/",
        ]:
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            pages[prefix + path] = response.content
    response = client.post(f"{base}edit/", {"email": "bad", "phone": "bad"})
    pages["edit (sent with errors)"] = response.content
    assert nu_errors(checker, tmp_path, pages) == []
