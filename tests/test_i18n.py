import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Release
from tests.support.sitemap import NAMESPACES, sitemap_entries, sitemap_locations
from tests.test_project import public_paths

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
OTHER = {"en": "zh-hans", "zh-hans": "en"}
FALLBACK_NOTICE_ZH = "本新闻正文尚无中文版，以下显示英文原文。"


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


class LanguageLinks(HTMLParser):
    """The page's lang, its hreflang alternates and its language switcher links."""

    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.alternates = {}
        self.switcher = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "a" and "hreflang" in attrs:
            self.switcher[attrs["hreflang"]] = attrs["href"]


def language_links(response) -> LanguageLinks:
    parser = LanguageLinks()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def release(release_factory, category_factory):
    return release_factory(
        title="Guzhen lighting fair opens",
        title_zh_hans="古镇灯饰博览会开幕",
        summary="Buyers from 40 countries came.",
        summary_zh_hans="来自40个国家的采购商到场。",
        body="<p>The autumn fair opened in Guzhen.</p>",
        body_zh_hans="<p>秋季灯饰博览会在古镇开幕。</p>",
        release_time=timezone.make_aware(datetime.datetime(2017, 12, 21, 9, 0)),
        category=category_factory(name="Trade fairs", name_zh_hans="展会"),
    )


def html_pages(release) -> list[str]:
    """Every public HTML page of the site in English (paths without arguments,
    plus a release page)."""
    with translation.override("en"):
        paths = {path for path in public_paths() if not path.endswith((".xml", ".txt"))}
        paths.discard(reverse("news:release_feed"))
        paths.discard(reverse("contact_code"))  # JSON for the footer form's script
        paths.discard(reverse("healthz"))  # plain text for load balancers
        return sorted(paths) + [release.get_absolute_url()]


def test_every_public_page_answers_in_both_languages_with_lang_hreflang_and_switcher(
    client, release
):
    for english_path in html_pages(release):
        chinese_path = "/zh-hans" + english_path
        versions = {"en": english_path, "zh-hans": chinese_path}
        for language, path in versions.items():
            response = client.get(path)

            assert response.status_code == 200, path
            page = language_links(response)
            assert page.html_lang == language, path
            assert page.alternates == {
                "en": f"http://testserver{english_path}",
                "zh-hans": f"http://testserver{chinese_path}",
                "x-default": f"http://testserver{english_path}",
            }, path
            other = OTHER[language]
            assert page.switcher == {other: versions[other]}, path


def test_chinese_paths_mirror_the_english_ones(client, release):
    assert url("home", "zh-hans") == "/zh-hans/"
    assert url("news:release_list", "zh-hans") == "/zh-hans/news/"
    assert url("news:release_feed", "zh-hans") == "/zh-hans/news/feed/"
    assert (
        url("news:release_detail", "zh-hans", slug=release.slug)
        == f"/zh-hans/news/{release.slug}/"
    )


def test_the_switcher_keeps_the_search_and_filter(client, release):
    response = client.get("/news/", {"q": "fair", "category": release.category.slug})

    switcher = language_links(response).switcher
    assert switcher == {
        "zh-hans": f"/zh-hans/news/?q=fair&category={release.category.slug}"
    }


def test_an_english_visitor_with_a_chinese_browser_stays_on_the_english_page(client):
    response = client.get(
        "/",
        headers={"accept-language": "zh-CN,zh-Hans;q=0.9,zh;q=0.8"},
        cookies={"django_language": "zh-hans"},
    )

    assert response.status_code == 200
    assert language_links(response).html_lang == "en"
    assert response["Content-Language"] == "en"
    # The page does not depend on the browser's language: one copy per address.
    assert "accept-language" not in response.get("Vary", "").lower()


def test_a_chinese_page_stays_chinese_whatever_the_browser_asks(client):
    response = client.get("/zh-hans/news/", headers={"accept-language": "en"})

    assert response.status_code == 200
    assert language_links(response).html_lang == "zh-hans"
    assertContains(response, "<h1>新闻发布</h1>", html=True)


def test_no_address_redirects_on_a_guessed_language(client):
    for path in ("/", "/news/", "/zh-hans/", "/no-such-page/", "/zh-hans/no-such/"):
        response = client.get(path, headers={"accept-language": "zh-hans"})
        assert response.status_code in {200, 404}, path
    # The only redirect is the usual missing slash, to a page that answers.
    response = client.get("/zh-hans", follow=True)
    assert response.redirect_chain == [("/zh-hans/", 301)]
    assert response.status_code == 200


def test_a_chinese_page_shows_chinese_interface_text_and_dates(client, release):
    response = client.get(url("news:release_detail", "zh-hans", slug=release.slug))

    assertContains(response, "<h1>古镇灯饰博览会开幕</h1>", html=True)
    assertContains(response, "发布时间")
    assertContains(response, "2017年12月21日</time>")
    assertContains(response, "展会")
    assertContains(response, "秋季灯饰博览会在古镇开幕。")
    assertContains(response, "跳到主要内容")
    assertNotContains(response, "Release Time")
    assertNotContains(response, FALLBACK_NOTICE_ZH)


def test_the_english_page_keeps_iso_dates(client, release):
    response = client.get(url("news:release_detail", "en", slug=release.slug))

    assertContains(response, "Release Time")
    assertContains(response, "2017-12-21</time>")
    assertContains(response, "<h1>Guzhen lighting fair opens</h1>", html=True)


def test_chinese_lists_show_chinese_titles_and_dates(client, release):
    for name in ("home", "news:release_list"):
        response = client.get(url(name, "zh-hans"))

        assertContains(response, "古镇灯饰博览会开幕")
        assertContains(response, "来自40个国家的采购商到场。")
        assertContains(response, "2017年12月21日</time>")


def test_a_release_without_chinese_text_falls_back_to_english_and_says_so(
    client, release_factory
):
    english_only = release_factory(
        title="Street lamps pass inspection", body="<p>All samples passed.</p>"
    )

    response = client.get(url("news:release_detail", "zh-hans", slug=english_only.slug))

    assert response.status_code == 200
    assertContains(response, "本新闻仅有英文版，以下按原文显示。")
    assertContains(
        response,
        f'<a href="/news/{english_only.slug}/" hreflang="en" lang="en">'
        "Read it in English</a>",
        html=True,
    )
    assertContains(
        response, '<h1 lang="en">Street lamps pass inspection</h1>', html=True
    )
    assertContains(
        response,
        '<div class="release-body" lang="en"><p>All samples passed.</p></div>',
        html=True,
    )
    listing = client.get(url("news:release_list", "zh-hans"))
    assertContains(listing, "Street lamps pass inspection")
    assertContains(listing, "英文原文，尚未译成中文")


def test_a_translated_title_with_an_english_body_still_marks_the_body(
    client, release_factory
):
    half_done = release_factory(
        title="Fair", title_zh_hans="博览会", body="<p>Text.</p>"
    )

    response = client.get(url("news:release_detail", "zh-hans", slug=half_done.slug))

    assertContains(response, "<h1>博览会</h1>", html=True)
    assertContains(response, FALLBACK_NOTICE_ZH)


def test_english_pages_never_show_the_fallback_notice(client, release_factory):
    english_only = release_factory()

    response = client.get(url("news:release_detail", "en", slug=english_only.slug))

    assertNotContains(response, "not yet available")
    assertNotContains(response, 'class="release-body" lang=')


def test_chinese_search_finds_a_release_by_a_two_character_word(
    client, release, release_factory
):
    release_factory(title="Outdoor lighting", title_zh_hans="户外照明")

    response = client.get(url("news:release_list", "zh-hans"), {"q": "灯饰"})

    assertContains(response, "古镇灯饰博览会开幕")
    assertNotContains(response, "户外照明")
    assertContains(response, "共 1 条新闻")


def test_chinese_search_reads_the_chinese_body(client, release):
    response = client.get(url("news:release_list", "zh-hans"), {"q": "秋季"})

    assertContains(response, "古镇灯饰博览会开幕")


def test_either_language_finds_a_release_on_either_page(client, release):
    # A buyer may type English on the Chinese page and the reverse.
    for language in ("en", "zh-hans"):
        for words in ("灯饰", "autumn fair"):
            response = client.get(url("news:release_list", language), {"q": words})
            assert response.context["paginator"].count == 1

    nothing = client.get(url("news:release_list", "zh-hans"), {"q": "吊灯"})
    assertContains(nothing, "没有符合搜索条件的新闻。")


def test_the_sitemap_lists_every_page_in_both_languages_with_alternates(
    client, release
):
    namespaces = NAMESPACES
    locations = sitemap_locations(client)
    base = "http://testserver"
    assert {
        f"{base}/",
        f"{base}/zh-hans/",
        f"{base}/news/",
        f"{base}/zh-hans/news/",
        f"{base}/contact/",
        f"{base}/zh-hans/contact/",
        f"{base}/enterprises/",
        f"{base}/zh-hans/enterprises/",
        f"{base}/enterprises/overview/",
        f"{base}/zh-hans/enterprises/overview/",
        f"{base}/news/{release.slug}/",
        f"{base}/zh-hans/news/{release.slug}/",
    } == locations
    for entry in sitemap_entries(client):
        links = {
            link.get("hreflang"): link.get("href")
            for link in entry.iterfind("xhtml:link", namespaces)
        }
        assert set(links) == {"en", "zh-hans", "x-default"}
        assert entry.findtext("s:loc", namespaces=namespaces) in links.values()


def test_the_chinese_feed_carries_the_chinese_titles(client, release):
    response = client.get(url("news:release_feed", "zh-hans"))

    root = ET.fromstring(response.content)
    assert root.findtext("channel/language") == "zh-hans"
    assert root.findtext("channel/title") == "中山灯饰产业集群：新闻发布"
    assert [item.findtext("title") for item in root.iter("item")] == [
        "古镇灯饰博览会开幕"
    ]
    assert root.findtext("channel/item/link").startswith("http://testserver/zh-hans/")


def test_an_unknown_chinese_address_is_a_chinese_404_with_a_way_home(client):
    response = client.get("/zh-hans/no-such-page/")

    assertContains(response, "页面不存在", status_code=404)
    page = language_links(response)
    assert page.html_lang == "zh-hans"
    assert page.switcher == {"en": "/"}


def test_chinese_pages_run_as_many_queries_as_english_ones(
    client, release, release_factory
):
    for _ in range(5):
        release_factory()
    for name, kwargs in [
        ("home", {}),
        ("news:release_list", {}),
        ("news:release_detail", {"slug": release.slug}),
    ]:
        counts = []
        # The directory's figures are cached once for both languages: compare the
        # two languages in the same, warm, state.
        client.get(url(name, LANGUAGES[0], **kwargs))
        for language in LANGUAGES:
            with CaptureQueriesContext(connection) as queries:
                client.get(url(name, language, **kwargs))
            counts.append(len(queries))
        assert counts[0] == counts[1], name


def test_reading_chinese_pages_writes_nothing(client, release):
    for name in ("home", "news:release_list", "news:release_feed"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(name, "zh-hans"))
        statements = {query["sql"].lstrip().split()[0].upper() for query in queries}
        # PostgreSQL reads a choice list through a cursor: DECLARE ... FOR SELECT.
        assert statements <= {"SELECT", "DECLARE"}, name
        assert not response.cookies, name


def test_the_site_name_is_chinese_on_chinese_pages(client):
    response = client.get("/zh-hans/")

    assertContains(response, '<h1 id="hero-heading">中山灯饰产业集群</h1>', html=True)


def test_a_body_in_either_language_is_sanitised_on_save(release_factory):
    release = release_factory(
        body="<p>Fine.</p><script>alert(1)</script>",
        body_zh_hans='<p onclick="x()">好。</p><script>alert(2)</script>',
    )

    release.refresh_from_db()
    assert release.body_en == "<p>Fine.</p>"
    assert release.body_zh_hans == "<p>好。</p>"


def test_saving_under_chinese_does_not_copy_english_into_the_chinese_columns(
    release_factory,
):
    release = release_factory(body="<p>English only.</p>")

    with translation.override("zh-hans"):
        release.save()

    release.refresh_from_db()
    assert release.body_zh_hans in {None, ""}
    assert release.title_zh_hans in {None, ""}
    assert release.body_en == "<p>English only.</p>"


def test_unpublished_releases_stay_hidden_in_chinese(client, release_factory):
    draft = release_factory(title_zh_hans="草稿新闻", status=Release.Status.DRAFT)

    response = client.get(url("news:release_detail", "zh-hans", slug=draft.slug))

    assert response.status_code == 404
    assertNotContains(client.get(url("news:release_list", "zh-hans")), "草稿新闻")


def test_a_forged_host_gets_the_400_page_not_a_server_error(client):
    response = client.get("/zh-hans/", headers={"host": "evil.example"})

    assertContains(response, "请求有误", status_code=400)


def test_a_release_in_one_language_is_listed_and_linked_in_that_language_only(
    client, release_factory
):
    chinese_only = release_factory(
        title="", body="", title_zh_hans="古镇灯博会", body_zh_hans="<p>开幕。</p>"
    )

    sitemap = client.get("/sitemap-releases-1.xml").content.decode()
    page = client.get(f"/zh-hans/news/{chinese_only.slug}/")

    assert f"/zh-hans/news/{chinese_only.slug}/" in sitemap
    assert f"testserver/news/{chinese_only.slug}/" not in sitemap
    assertContains(
        page,
        '<link rel="alternate" hreflang="zh-hans" '
        f'href="http://testserver/zh-hans/news/{chinese_only.slug}/">',
    )
    assertNotContains(page, 'hreflang="x-default"')
    assertNotContains(page, '<link rel="alternate" hreflang="en"')
