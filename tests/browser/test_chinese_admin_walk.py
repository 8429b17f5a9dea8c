"""Every admin page an editor, a message handler or a site editor reaches, in a
Chinese browser: no English word, no half-width punctuation or straight quote
beside Chinese text."""

import re

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from reversion.models import Version

from contact.models import Message
from enterprises.models import Enterprise, Town
from news.models import Category, Release
from pages.models import Page, SiteSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Latin words a Chinese editor reads as they are: formats, web and data terms.
KEPT_AS_THEY_ARE = {
    # Names a Chinese catalogue writes in Latin letters too: LED lighting, the
    # CE mark, keyboard keys, social networks.
    "LED",
    "CE",
    "Control",
    "Command",
    "Mac",
    "Facebook",
    "YouTube",
    "JPEG",
    "PNG",
    "WebP",
    "HTML",
    "URL",
    "CSV",
    "XLSX",
    "JSON",
    "HTTPS",
    "ICP",
    "QR",
    "ID",
    "IP",
    "PIPL",
    "GDPR",
    "QQ",
}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CHINESE = "\u3400-\u9fff"
HALF_WIDTH_BESIDE_CHINESE = re.compile(
    rf"[{CHINESE}][.,:;?!()]|[,:;?!(][{CHINESE}]|[\"']"
)

# What each role may reach, as its group gives it (the groups' migrations):
# app label -> model names.
ROLES = {
    "news editor": {"news": None, "core": ["richtextimage"]},
    "message handler": {"contact": None},
    "directory editor": {"enterprises": None},
    "site editor": {"pages": None, "core": ["richtextimage"]},
}


def _collect(page) -> list[str]:
    return page.evaluate(
        """() => {
            const root = document.querySelector("#container") || document.body;
            const texts = [document.title];
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const parent = walker.currentNode.parentElement;
                if (parent.closest(".material-icons, script, style, textarea"))
                    continue;
                // A language's own name, in that language (the switcher's "English").
                if (parent.closest("[lang]:not([lang^=zh])")) continue;
                if (!parent.checkVisibility()) continue;
                texts.push(walker.currentNode.textContent);
            }
            const named = "[title], [aria-label], [placeholder], input[type=submit]";
            for (const element of root.querySelectorAll(named)) {
                for (const name of ["title", "aria-label", "placeholder"]) {
                    texts.push(element.getAttribute(name) || "");
                }
                if (element.matches("input[type=submit]")) texts.push(element.value);
            }
            return texts;
        }"""
    )


def _findings(texts: list[str], data: list[str]) -> set[str]:
    text = "\n".join(texts)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    words = set(LATIN_WORD.findall(text)) - KEPT_AS_THEY_ARE
    marks = {match.group(0) for match in HALF_WIDTH_BESIDE_CHINESE.finditer(text)}
    return words | marks


@pytest.fixture
def content():
    """One entry of each kind, written in Chinese; what it holds that is not
    Chinese (addresses, slugs) is data, not interface."""
    now = timezone.now()
    category = Category.objects.create(name_zh_hans="展会", slug="c1")
    release = Release.objects.create(
        title_zh_hans="古镇灯饰博览会开幕",
        body_zh_hans="<p>采购商到场。</p>",
        slug="r1",
        category=category,
        release_time=now,
    )
    with reversion.create_revision():
        reversion.add_to_revision(release)
    release.body_zh_hans = "<p>各国采购商到场。</p>"
    with reversion.create_revision():
        release.save()
    page = Page.objects.create(
        title_zh_hans="关于产业集群", body_zh_hans="<p>中山灯饰。</p>", slug="p1"
    )
    SiteSettings.objects.create(site_name_zh_hans="中山灯饰产业集群")
    town = Town.objects.create(name="古镇", name_zh="古镇", slug="t1")
    enterprise = Enterprise.objects.create(
        name="古镇灯饰有限公司", slug="e1", town=town, is_published=True
    )
    message = Message.objects.create(
        name="李明", email="li@example.com", phone="+86 760 2222 3333", body="请报价。"
    )
    older, newer = Version.objects.get_for_object(release).order_by("pk")
    versions = f"/admin/news/release/{release.pk}/history/"
    deleted = Page.objects.create(title_zh_hans="投资指南", slug="p2")
    with reversion.create_revision():
        reversion.add_to_revision(deleted)
    deleted.delete()
    return {
        # Pages the index does not link to: versions, a visitor's data.
        "more": {
            "news editor": [
                f"{versions}compare/?version_id1={older.pk}&version_id2={newer.pk}",
                f"{versions}{older.pk}/",
                "/admin/news/release/recover/",
            ],
            "site editor": [
                "/admin/pages/page/recover/",
                "/admin/pages/page/recover/"
                f"{Version.objects.get_deleted(Page).get().pk}/",
            ],
            "message handler": [
                "/admin/contact/message/personal-data/?who=li@example.com",
                "/admin/contact/message/personal-data/?who=nobody",
            ],
            "directory editor": [],
        },
        "objects": [category, release, page, town, enterprise, message],
        "data": [
            "li@example.com",
            "+86 760 2222 3333",
            "bianji",
            "/media/",
            # What the help texts give to type: an address, a setting's name.
            "“about”",
            "/about/",
            "CLUSTER_ICP_NUMBER",
        ],
    }


def _log_in(browser, live_server, role):
    user = get_user_model().objects.create_user(
        role.replace(" ", "-"), password="a-long-pw-1", is_staff=True
    )
    permissions = Permission.objects.none()
    for app_label, models in ROLES[role].items():
        found = Permission.objects.filter(content_type__app_label=app_label)
        if models:
            found = found.filter(content_type__model__in=models)
        permissions |= found
    user.user_permissions.set(permissions)
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a-long-pw-1")
    page.click("input[type=submit]")
    return context, page


def _addresses(page, live_server) -> list[str]:
    """The admin pages the index links to, and each list's first entry's pages."""
    base = live_server.url
    page.goto(f"{base}/admin/")
    lists = page.eval_on_selector_all(
        "#content-main a[href]", "links => links.map(link => link.getAttribute('href'))"
    )
    addresses = ["/admin/", "/admin/password_change/"]
    for href in dict.fromkeys(lists):
        addresses.append(href)
        if not href.endswith("/add/"):
            page.goto(base + href)
            rows = "#result_list tbody th a, #result_list tbody td a"
            first = page.locator(rows).first
            if first.count():
                change = first.get_attribute("href")
                addresses += [change, change.replace("change/", "history/")]
                addresses.append(change.replace("change/", "delete/"))
    return list(dict.fromkeys(addresses))


@pytest.mark.parametrize("role", list(ROLES))
def test_no_english_in_the_chinese_admin(browser, live_server, content, role):
    context, page = _log_in(browser, live_server, role)
    data = [*content["data"], role.replace(" ", "-")]
    found = {}

    def check(address):
        assert page.locator("body").count(), address
        if findings := _findings(_collect(page), data):
            found[address] = sorted(findings)

    for address in [*_addresses(page, live_server), *content["more"][role]]:
        page.goto(live_server.url + address)
        check(address)
        # Saving as it is: the success message, or the form's errors.
        save = page.locator("input[name=_continue], input[name=_save]").first
        if not address.endswith("/add/") and save.count():
            save.click()
            page.wait_for_load_state()
            check(f"{address} (saved)")
        if "personal-data" in address and page.locator("[name=erase]").count():
            page.click("[name=erase]")
            page.wait_for_load_state()
            check(f"{address} (erase?)")
    context.close()

    assert found == {}
